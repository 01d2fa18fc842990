"""issue 22 performance: the parts counter's claim reservation by part, dead stock read from one covering index,
a car's settled work orders (piece-rate comebacks),
claim orders newest first

Revision ID: 0017_perf_indexes
Revises: 0016_walkaround
Create Date: 2026-12-02 02:30:00
"""
from alembic import op


revision = '0017_perf_indexes'
down_revision = "0016_walkaround"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # every scan at the counter asks which arrived claim parts of this part are reserved (C3): was a scan of
    # every claim line ever ordered
    op.create_index('ix_claim_order_lines_part', 'claim_order_lines', ['part_id'], unique=False)
    # dead stock and stock value: on hand, last move, cost and number in one index, read without the table
    op.create_index('ix_parts_stock', 'parts', ['on_hand', 'last_move_at', 'avg_cost', 'part_no'], unique=False)
    # piece-rate comebacks: a car's earlier work orders settled in a window (a fleet car has thousands)
    op.create_index('ix_work_orders_vehicle_settled', 'work_orders', ['vehicle_id', 'settled_at'], unique=False)
    # the claims screen lists claim orders newest first, a page at a time: read in that order, not all then sorted
    op.create_index('ix_claim_orders_created', 'claim_orders', ['created_at', 'id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_claim_orders_created', table_name='claim_orders')
    op.drop_index('ix_work_orders_vehicle_settled', table_name='work_orders')
    op.drop_index('ix_parts_stock', table_name='parts')
    op.drop_index('ix_claim_order_lines_part', table_name='claim_order_lines')
