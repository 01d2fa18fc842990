"""issue 22, history growth (third round): jobs finished in a date range read from an index. The floor's
efficiency figures (W6) and their drill-down select the labor lines finished in the range; without an index on
labor_lines.finished_at they walked every current dispatch share of every technician (SQLite: 2.2 s on the
large demo for 90 days, 5.5 × the same shop with 120 days of history).

Revision ID: 0021_finished_jobs
Revises: 0020_growth2
Create Date: 2026-12-02 10:50:00
"""
from alembic import op


revision = '0021_finished_jobs'
down_revision = "0020_growth2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_labor_lines_finished', 'labor_lines', ['finished_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_labor_lines_finished', table_name='labor_lines')
