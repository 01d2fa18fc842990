"""issue 22, history growth: the claim-order lines of some part lines read from an index. The totals (A5) of a
set of work orders ask which of their part lines were ordered by claim (C1); without an index on
claim_order_lines.part_line_id SQLite read every claim-order line ever written to answer it (5.2 ms for the 30
account customers' orders on the large demo against 0.7 ms after 120 days, growing with every claim).

Revision ID: 0022_claim_line_index
Revises: 0021_finished_jobs
Create Date: 2026-12-03 13:40:00
"""
from alembic import op


revision = '0022_claim_line_index'
down_revision = "0021_finished_jobs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_claim_order_lines_part_line', 'claim_order_lines', ['part_line_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_claim_order_lines_part_line', table_name='claim_order_lines')
