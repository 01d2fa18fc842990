"""the technician's day (issue 20): a work order's current dispatch found by its index (the floor terminal lists
a work order's jobs with who they are dispatched to; without it the whole labor_assignments table was read), and
the open clocks (ended_at NULL) by theirs (the board with 340 cars; the clocks still running at closing time)

Revision ID: 0018_clock_indexes
Revises: 0017_perf_indexes
Create Date: 2026-12-02 02:20:00
"""
from alembic import op


revision = '0018_clock_indexes'
down_revision = "0017_perf_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('labor_assignments', schema=None) as batch_op:
        batch_op.create_index('ix_labor_assignments_wo', ['work_order_id', 'ended_at'], unique=False)
    with op.batch_alter_table('job_clocks', schema=None) as batch_op:
        batch_op.create_index('ix_job_clocks_ended', ['ended_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('job_clocks', schema=None) as batch_op:
        batch_op.drop_index('ix_job_clocks_ended')
    with op.batch_alter_table('labor_assignments', schema=None) as batch_op:
        batch_op.drop_index('ix_labor_assignments_wo')
