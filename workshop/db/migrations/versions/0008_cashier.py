"""cashier: payer terms (M1), the payments ledger (M2), gate passes (M4), day closes (M6)

Revision ID: 0008_cashier
Revises: 0001
Create Date: 2026-12-01 20:20:09.682634
"""
from alembic import op
import sqlalchemy as sa
import workshop.db.types


revision = '0008_cashier'
down_revision = "0005_reception"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('day_closes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('business_day', sa.Date(), nullable=False),
    sa.Column('expected_cash', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('counted_cash', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('difference', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('closed_at', workshop.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_by', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['closed_by'], ['users.id'], name=op.f('fk_day_closes_closed_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_day_closes')),
    sa.UniqueConstraint('business_day', name=op.f('uq_day_closes_business_day'))
    )
    op.create_table('gate_passes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('work_order_id', sa.Integer(), nullable=False),
    sa.Column('issued_at', workshop.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('issued_by', sa.Integer(), nullable=False),
    sa.Column('basis', sa.String(length=20), nullable=False),
    sa.Column('used_at', workshop.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('used_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['issued_by'], ['users.id'], name=op.f('fk_gate_passes_issued_by_users')),
    sa.ForeignKeyConstraint(['used_by'], ['users.id'], name=op.f('fk_gate_passes_used_by_users')),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_orders.id'], name=op.f('fk_gate_passes_work_order_id_work_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gate_passes')),
    sa.UniqueConstraint('code', name=op.f('uq_gate_passes_code'))
    )
    with op.batch_alter_table('gate_passes', schema=None) as batch_op:
        batch_op.create_index('ix_gate_passes_wo', ['work_order_id'], unique=False)

    op.create_table('invoice_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('work_order_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('tax_number', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('requested_at', workshop.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('requested_by', sa.Integer(), nullable=False),
    sa.Column('invoice_number', sa.String(length=30), nullable=True),
    sa.Column('issued_at', workshop.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('issued_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['issued_by'], ['users.id'], name=op.f('fk_invoice_requests_issued_by_users')),
    sa.ForeignKeyConstraint(['requested_by'], ['users.id'], name=op.f('fk_invoice_requests_requested_by_users')),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_orders.id'], name=op.f('fk_invoice_requests_work_order_id_work_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invoice_requests')),
    sa.UniqueConstraint('invoice_number', name=op.f('uq_invoice_requests_invoice_number'))
    )
    with op.batch_alter_table('invoice_requests', schema=None) as batch_op:
        batch_op.create_index('ix_invoice_requests_wo', ['work_order_id'], unique=False)

    op.create_table('payer_terms',
    sa.Column('work_order_id', sa.Integer(), nullable=False),
    sa.Column('insurer', sa.String(length=60), nullable=False),
    sa.Column('assessed_amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('deductible', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('set_by', sa.Integer(), nullable=False),
    sa.Column('set_at', workshop.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['set_by'], ['users.id'], name=op.f('fk_payer_terms_set_by_users')),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_orders.id'], name=op.f('fk_payer_terms_work_order_id_work_orders')),
    sa.PrimaryKeyConstraint('work_order_id', name=op.f('pk_payer_terms'))
    )
    op.create_table('payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('receipt_no', sa.String(length=30), nullable=False),
    sa.Column('work_order_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('method', sa.String(length=20), nullable=False),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('tendered', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('change', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('reference', sa.String(length=60), nullable=False),
    sa.Column('deposit_id', sa.Integer(), nullable=True),
    sa.Column('voids_id', sa.Integer(), nullable=True),
    sa.Column('business_day', sa.Date(), nullable=False),
    sa.Column('at', workshop.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('cashier_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('approved_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['approved_by'], ['users.id'], name=op.f('fk_payments_approved_by_users')),
    sa.ForeignKeyConstraint(['cashier_id'], ['users.id'], name=op.f('fk_payments_cashier_id_users')),
    sa.ForeignKeyConstraint(['deposit_id'], ['deposits.id'], name=op.f('fk_payments_deposit_id_deposits')),
    sa.ForeignKeyConstraint(['voids_id'], ['payments.id'], name=op.f('fk_payments_voids_id_payments')),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_orders.id'], name=op.f('fk_payments_work_order_id_work_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payments')),
    sa.UniqueConstraint('voids_id', name=op.f('uq_payments_voids_id'))
    )
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.create_index('ix_payments_day', ['business_day'], unique=False)
        batch_op.create_index('ix_payments_receipt', ['receipt_no'], unique=False)
        batch_op.create_index('ix_payments_wo', ['work_order_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.drop_index('ix_payments_wo')
        batch_op.drop_index('ix_payments_receipt')
        batch_op.drop_index('ix_payments_day')

    op.drop_table('payments')
    op.drop_table('payer_terms')
    with op.batch_alter_table('invoice_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_invoice_requests_wo')

    op.drop_table('invoice_requests')
    with op.batch_alter_table('gate_passes', schema=None) as batch_op:
        batch_op.drop_index('ix_gate_passes_wo')

    op.drop_table('gate_passes')
    op.drop_table('day_closes')
