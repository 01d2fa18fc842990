"""master data for a new shop (S1): labor operation kind and retirement, supplier contact and terms, a part's
usual supplier, the quote's assessment (P3, M1) and its lines' link to the work order's lines, the teams' cost and piece rates with effective dates

Revision ID: 0004_master_data
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa
import workshop.db.types


revision = '0004_master_data'
down_revision = "0003_approval_figures"
branch_labels = None
depends_on = None


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _add_reference(table: str, column: str, target: str, name: str) -> None:
    """A nullable reference column. SQLite adds it in place (ALTER TABLE ... REFERENCES): a batch copy of the
    table would have to drop it, which the foreign keys of its neighbours refuse while they are enforced."""
    if _sqlite():
        op.execute(f'ALTER TABLE "{table}" ADD COLUMN "{column}" INTEGER '
                   f'CONSTRAINT "{name}" REFERENCES "{target}" (id)')
        return
    op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
    op.create_foreign_key(name, table, target, [column], ['id'])


def upgrade() -> None:
    with op.batch_alter_table('labor_operations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=20), server_default='repair', nullable=False))
        batch_op.add_column(sa.Column('retired_at', workshop.db.types.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table('suppliers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact', sa.String(length=60), server_default='', nullable=False))
        batch_op.add_column(sa.Column('phone', sa.String(length=30), server_default='', nullable=False))
        batch_op.add_column(sa.Column('terms', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('is_active', sa.Boolean(), server_default='1', nullable=False))
    _add_reference('parts', 'supplier_id', 'suppliers', 'fk_parts_supplier_id_suppliers')
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assessment_no', sa.String(length=40), server_default='', nullable=False))
        batch_op.add_column(sa.Column('assessed_amount', sa.Numeric(precision=12, scale=2), nullable=True))
        batch_op.add_column(sa.Column('deductible', sa.Numeric(precision=12, scale=2), server_default='0',
                                      nullable=False))
    _add_reference('quote_lines', 'operation_id', 'labor_operations', 'fk_quote_lines_operation_id_labor_operations')
    with op.batch_alter_table('quote_lines', schema=None) as batch_op:  # plain numbers: no table copy either
        batch_op.add_column(sa.Column('labor_line_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('part_line_id', sa.Integer(), nullable=True))
    op.create_table('team_rates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team', sa.String(length=20), nullable=False),
    sa.Column('cost_rate', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('piece_rate', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('effective_from', workshop.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', workshop.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_team_rates_created_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team_rates')),
    sa.UniqueConstraint('team', 'effective_from', name='uq_team_rates_team_from')
    )
    with op.batch_alter_table('team_rates', schema=None) as batch_op:
        batch_op.create_index('ix_team_rates_team_from', ['team', 'effective_from'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('team_rates', schema=None) as batch_op:
        batch_op.drop_index('ix_team_rates_team_from')
    op.drop_table('team_rates')
    with op.batch_alter_table('quote_lines', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('fk_quote_lines_operation_id_labor_operations'), type_='foreignkey')
        batch_op.drop_column('part_line_id')
        batch_op.drop_column('labor_line_id')
        batch_op.drop_column('operation_id')
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.drop_column('deductible')
        batch_op.drop_column('assessed_amount')
        batch_op.drop_column('assessment_no')
    with op.batch_alter_table('parts', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('fk_parts_supplier_id_suppliers'), type_='foreignkey')
        batch_op.drop_column('supplier_id')
    with op.batch_alter_table('suppliers', schema=None) as batch_op:
        batch_op.drop_column('is_active')
        batch_op.drop_column('terms')
        batch_op.drop_column('phone')
        batch_op.drop_column('contact')
    with op.batch_alter_table('labor_operations', schema=None) as batch_op:
        batch_op.drop_column('retired_at')
        batch_op.drop_column('kind')
