"""dispatch and the job clock: labor assignments with shares (W4), clock entries and their pauses, floor
notices, the finished mark of a labor line (W5)

Revision ID: 0012_dispatch
Revises: 0010_teams
Create Date: 2026-12-01 23:20:26.983312
"""
from alembic import op
import sqlalchemy as sa
import workshop.db.types


revision = '0012_dispatch'
down_revision = "0010_teams"
branch_labels = None
depends_on = None


def _add_reference(table: str, column: str, target: str, name: str) -> None:
    """A nullable reference column. SQLite adds it in place (ALTER TABLE ... REFERENCES): a batch copy of the
    table would have to drop it, which the foreign keys of its neighbours refuse while they are enforced."""
    if op.get_bind().dialect.name == 'sqlite':
        op.execute(f'ALTER TABLE "{table}" ADD COLUMN "{column}" INTEGER '
                   f'CONSTRAINT "{name}" REFERENCES "{target}" (id)')
        return
    op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
    op.create_foreign_key(name, table, target, [column], ['id'])


def upgrade() -> None:
    op.create_table('job_clocks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('technician_id', sa.Integer(), nullable=False),
    sa.Column('work_order_id', sa.Integer(), nullable=False),
    sa.Column('labor_line_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('started_at', workshop.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', workshop.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('open_key', sa.Integer(), nullable=True),
    sa.Column('worked_seconds', sa.Integer(), server_default='0', nullable=False),
    sa.Column('terminal', sa.String(length=40), server_default='', nullable=False),
    sa.Column('started_by', sa.Integer(), nullable=True),
    sa.Column('stopped_by', sa.Integer(), nullable=True),
    sa.Column('flagged_at', workshop.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('flag_reason', sa.String(length=200), server_default='', nullable=False),
    sa.Column('reviewed_at', workshop.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reviewed_by', sa.Integer(), nullable=True),
    sa.Column('corrected_at', workshop.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('corrected_by', sa.Integer(), nullable=True),
    sa.Column('correction_reason', sa.String(length=200), server_default='', nullable=False),
    sa.Column('original_started_at', workshop.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('original_ended_at', workshop.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['corrected_by'], ['users.id'], name=op.f('fk_job_clocks_corrected_by_users')),
    sa.ForeignKeyConstraint(['labor_line_id'], ['labor_lines.id'], name=op.f('fk_job_clocks_labor_line_id_labor_lines')),
    sa.ForeignKeyConstraint(['reviewed_by'], ['users.id'], name=op.f('fk_job_clocks_reviewed_by_users')),
    sa.ForeignKeyConstraint(['started_by'], ['users.id'], name=op.f('fk_job_clocks_started_by_users')),
    sa.ForeignKeyConstraint(['stopped_by'], ['users.id'], name=op.f('fk_job_clocks_stopped_by_users')),
    sa.ForeignKeyConstraint(['technician_id'], ['users.id'], name=op.f('fk_job_clocks_technician_id_users')),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_orders.id'], name=op.f('fk_job_clocks_work_order_id_work_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_clocks')),
    sa.UniqueConstraint('technician_id', 'open_key', name='uq_job_clocks_technician_open')
    )
    with op.batch_alter_table('job_clocks', schema=None) as batch_op:
        batch_op.create_index('ix_job_clocks_flagged', ['flagged_at'], unique=False)
        batch_op.create_index('ix_job_clocks_line', ['labor_line_id'], unique=False)
        batch_op.create_index('ix_job_clocks_started', ['started_at'], unique=False)
        batch_op.create_index('ix_job_clocks_tech_started', ['technician_id', 'started_at'], unique=False)
        batch_op.create_index('ix_job_clocks_wo', ['work_order_id'], unique=False)

    op.create_table('labor_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('labor_line_id', sa.Integer(), nullable=False),
    sa.Column('work_order_id', sa.Integer(), nullable=False),
    sa.Column('technician_id', sa.Integer(), nullable=False),
    sa.Column('team', sa.String(length=20), nullable=True),
    sa.Column('share_pct', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('assigned_by', sa.Integer(), nullable=False),
    sa.Column('assigned_at', workshop.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.String(length=200), server_default='', nullable=False),
    sa.Column('ended_at', workshop.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ended_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['assigned_by'], ['users.id'], name=op.f('fk_labor_assignments_assigned_by_users')),
    sa.ForeignKeyConstraint(['ended_by'], ['users.id'], name=op.f('fk_labor_assignments_ended_by_users')),
    sa.ForeignKeyConstraint(['labor_line_id'], ['labor_lines.id'], name=op.f('fk_labor_assignments_labor_line_id_labor_lines')),
    sa.ForeignKeyConstraint(['technician_id'], ['users.id'], name=op.f('fk_labor_assignments_technician_id_users')),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_orders.id'], name=op.f('fk_labor_assignments_work_order_id_work_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_labor_assignments'))
    )
    with op.batch_alter_table('labor_assignments', schema=None) as batch_op:
        batch_op.create_index('ix_labor_assignments_line', ['labor_line_id', 'ended_at'], unique=False)
        batch_op.create_index('ix_labor_assignments_tech', ['technician_id', 'ended_at'], unique=False)

    op.create_table('clock_pauses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('clock_id', sa.Integer(), nullable=False),
    sa.Column('work_order_id', sa.Integer(), nullable=False),
    sa.Column('technician_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('note', sa.String(length=200), server_default='', nullable=False),
    sa.Column('part_line_id', sa.Integer(), nullable=True),
    sa.Column('started_at', workshop.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', workshop.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('parts_issued_at', workshop.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['clock_id'], ['job_clocks.id'], name=op.f('fk_clock_pauses_clock_id_job_clocks')),
    sa.ForeignKeyConstraint(['part_line_id'], ['part_lines.id'], name=op.f('fk_clock_pauses_part_line_id_part_lines')),
    sa.ForeignKeyConstraint(['technician_id'], ['users.id'], name=op.f('fk_clock_pauses_technician_id_users')),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_orders.id'], name=op.f('fk_clock_pauses_work_order_id_work_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clock_pauses'))
    )
    with op.batch_alter_table('clock_pauses', schema=None) as batch_op:
        batch_op.create_index('ix_clock_pauses_clock', ['clock_id'], unique=False)
        batch_op.create_index('ix_clock_pauses_open', ['reason', 'ended_at'], unique=False)
        batch_op.create_index('ix_clock_pauses_wo', ['work_order_id'], unique=False)

    op.create_table('floor_notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('technician_id', sa.Integer(), nullable=False),
    sa.Column('work_order_id', sa.Integer(), nullable=False),
    sa.Column('pause_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('text_zh', sa.String(length=300), nullable=False),
    sa.Column('text_en', sa.String(length=300), nullable=False),
    sa.Column('created_at', workshop.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('seen_at', workshop.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['pause_id'], ['clock_pauses.id'], name=op.f('fk_floor_notices_pause_id_clock_pauses')),
    sa.ForeignKeyConstraint(['technician_id'], ['users.id'], name=op.f('fk_floor_notices_technician_id_users')),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_orders.id'], name=op.f('fk_floor_notices_work_order_id_work_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_floor_notices'))
    )
    with op.batch_alter_table('floor_notices', schema=None) as batch_op:
        batch_op.create_index('ix_floor_notices_tech', ['technician_id', 'seen_at'], unique=False)

    op.add_column('labor_lines', sa.Column('finished_at', workshop.db.types.UTCDateTime(timezone=True), nullable=True))
    _add_reference('labor_lines', 'finished_by', 'users', 'fk_labor_lines_finished_by_users')



def downgrade() -> None:
    with op.batch_alter_table('labor_lines', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_labor_lines_finished_by_users'), type_='foreignkey')
        batch_op.drop_column('finished_by')
        batch_op.drop_column('finished_at')

    with op.batch_alter_table('floor_notices', schema=None) as batch_op:
        batch_op.drop_index('ix_floor_notices_tech')

    op.drop_table('floor_notices')
    with op.batch_alter_table('clock_pauses', schema=None) as batch_op:
        batch_op.drop_index('ix_clock_pauses_wo')
        batch_op.drop_index('ix_clock_pauses_open')
        batch_op.drop_index('ix_clock_pauses_clock')

    op.drop_table('clock_pauses')
    with op.batch_alter_table('labor_assignments', schema=None) as batch_op:
        batch_op.drop_index('ix_labor_assignments_tech')
        batch_op.drop_index('ix_labor_assignments_line')

    op.drop_table('labor_assignments')
    with op.batch_alter_table('job_clocks', schema=None) as batch_op:
        batch_op.drop_index('ix_job_clocks_wo')
        batch_op.drop_index('ix_job_clocks_tech_started')
        batch_op.drop_index('ix_job_clocks_started')
        batch_op.drop_index('ix_job_clocks_line')
        batch_op.drop_index('ix_job_clocks_flagged')

    op.drop_table('job_clocks')
