"""floor board and piece-rate pay: bays and lifts, bay placements (W8), piece-rate month closes, frozen statements and
dated corrections (W7)

Revision ID: 0013_piece_rate
Revises: 0012_dispatch
Create Date: 2026-12-01 23:30:00
"""
from alembic import op
import sqlalchemy as sa
import workshop.db.types


revision = '0013_piece_rate'
down_revision = "0012_dispatch"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('workshop_bays',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('team', sa.String(length=20), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workshop_bays')),
    sa.UniqueConstraint('name', name=op.f('uq_workshop_bays_name'))
    )
    op.create_table('bay_placements',
    sa.Column('work_order_id', sa.Integer(), nullable=False),
    sa.Column('bay', sa.String(length=40), nullable=False),
    sa.Column('placed_at', workshop.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('placed_by', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['placed_by'], ['users.id'], name=op.f('fk_bay_placements_placed_by_users')),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_orders.id'],
                            name=op.f('fk_bay_placements_work_order_id_work_orders')),
    sa.PrimaryKeyConstraint('work_order_id', name=op.f('pk_bay_placements'))
    )
    with op.batch_alter_table('bay_placements', schema=None) as batch_op:
        batch_op.create_index('ix_bay_placements_bay', ['bay'], unique=False)

    op.create_table('piece_rate_closes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('closed_at', workshop.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_by', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['closed_by'], ['users.id'], name=op.f('fk_piece_rate_closes_closed_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_piece_rate_closes')),
    sa.UniqueConstraint('month', name=op.f('uq_piece_rate_closes_month'))
    )
    op.create_table('piece_rate_statements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('technician_id', sa.Integer(), nullable=False),
    sa.Column('billed_hours', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('gross', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('deduction', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('net', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['technician_id'], ['users.id'],
                            name=op.f('fk_piece_rate_statements_technician_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_piece_rate_statements')),
    sa.UniqueConstraint('month', 'technician_id', name=op.f('uq_piece_rate_statements_month'))
    )
    op.create_table('piece_rate_corrections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('technician_id', sa.Integer(), nullable=False),
    sa.Column('entry_date', sa.Date(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('created_at', workshop.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_piece_rate_corrections_created_by_users')),
    sa.ForeignKeyConstraint(['technician_id'], ['users.id'],
                            name=op.f('fk_piece_rate_corrections_technician_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_piece_rate_corrections'))
    )
    with op.batch_alter_table('piece_rate_corrections', schema=None) as batch_op:
        batch_op.create_index('ix_piece_rate_corrections_month', ['month', 'technician_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('piece_rate_corrections', schema=None) as batch_op:
        batch_op.drop_index('ix_piece_rate_corrections_month')
    op.drop_table('piece_rate_corrections')
    op.drop_table('piece_rate_statements')
    op.drop_table('piece_rate_closes')
    with op.batch_alter_table('bay_placements', schema=None) as batch_op:
        batch_op.drop_index('ix_bay_placements_bay')
    op.drop_table('bay_placements')
    op.drop_table('workshop_bays')
