"""issue 22, history growth (second round): a car's visits and a date range's deliveries read from covering
indexes (first-time fix probed a later visit of each delivered car on ix_work_orders_vehicle_opened and read
each row for state and kind); each replaces the index that is its prefix.

Revision ID: 0020_growth2
Revises: 0019_growth
Create Date: 2026-12-02 07:00:00
"""
from alembic import op


revision = '0020_growth2'
down_revision = "0019_growth"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_work_orders_vehicle_visits', 'work_orders', ['vehicle_id', 'opened_at', 'state', 'kind'], unique=False)
    op.drop_index('ix_work_orders_vehicle_opened', table_name='work_orders')
    op.create_index('ix_work_orders_delivered_kind', 'work_orders', ['delivered_at', 'kind', 'vehicle_id'], unique=False)
    op.drop_index('ix_work_orders_delivered', table_name='work_orders')


def downgrade() -> None:
    op.create_index('ix_work_orders_delivered', 'work_orders', ['delivered_at'], unique=False)
    op.drop_index('ix_work_orders_delivered_kind', table_name='work_orders')
    op.create_index('ix_work_orders_vehicle_opened', 'work_orders', ['vehicle_id', 'opened_at'], unique=False)
    op.drop_index('ix_work_orders_vehicle_visits', table_name='work_orders')
