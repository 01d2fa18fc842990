"""receivables: account customers (M3), receivables and their events (M5); payments append-only at the database

Revision ID: 0009_receivables
Revises: 0008_cashier
"""
from alembic import op
import sqlalchemy as sa
import workshop.db.types
from workshop.db.guards import drop_ledger_guards, install_ledger_guards


revision = '0009_receivables'
down_revision = "0008_cashier"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('account_customers',
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('credit_limit', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('set_by', sa.Integer(), nullable=False),
    sa.Column('set_at', workshop.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_account_customers_customer_id_customers')),
    sa.ForeignKeyConstraint(['set_by'], ['users.id'], name=op.f('fk_account_customers_set_by_users')),
    sa.PrimaryKeyConstraint('customer_id', name=op.f('pk_account_customers'))
    )
    op.create_table('receivables',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('work_order_id', sa.Integer(), nullable=False),
    sa.Column('payer', sa.String(length=20), nullable=False),
    sa.Column('payer_name', sa.String(length=60), nullable=False),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('approved_amount', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('paid_amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('rebilled_amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('billed_at', workshop.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_orders.id'], name=op.f('fk_receivables_work_order_id_work_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_receivables'))
    )
    with op.batch_alter_table('receivables', schema=None) as batch_op:
        batch_op.create_index('ix_receivables_state', ['state'], unique=False)
        batch_op.create_index('ix_receivables_wo', ['work_order_id'], unique=False)

    op.create_table('receivable_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('receivable_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('reference', sa.String(length=60), nullable=False),
    sa.Column('at', workshop.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('by', sa.Integer(), nullable=False),
    sa.Column('approval_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['approval_id'], ['approvals.id'], name=op.f('fk_receivable_events_approval_id_approvals')),
    sa.ForeignKeyConstraint(['by'], ['users.id'], name=op.f('fk_receivable_events_by_users')),
    sa.ForeignKeyConstraint(['receivable_id'], ['receivables.id'], name=op.f('fk_receivable_events_receivable_id_receivables')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_receivable_events'))
    )
    with op.batch_alter_table('receivable_events', schema=None) as batch_op:
        batch_op.create_index('ix_receivable_events_rec', ['receivable_id'], unique=False)

    install_ledger_guards(op.get_bind())


def downgrade() -> None:
    drop_ledger_guards(op.get_bind())
    with op.batch_alter_table('receivable_events', schema=None) as batch_op:
        batch_op.drop_index('ix_receivable_events_rec')
    op.drop_table('receivable_events')
    with op.batch_alter_table('receivables', schema=None) as batch_op:
        batch_op.drop_index('ix_receivables_wo')
        batch_op.drop_index('ix_receivables_state')
    op.drop_table('receivables')
    op.drop_table('account_customers')
