"""appointments (R1) with their slot counters, maintenance-reminder calls (R2), the vehicles' due dates

Revision ID: 0014_appointments
Revises: 0013_piece_rate

"""
from alembic import op
import sqlalchemy as sa
import workshop.db.types


revision = '0014_appointments'
down_revision = "0013_piece_rate"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('appointment_slots',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('slot', sa.String(length=5), nullable=False),
    sa.Column('team', sa.String(length=20), nullable=False),
    sa.Column('booked', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'slot', 'team', name=op.f('pk_appointment_slots'))
    )
    op.create_table('appointments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('vehicle_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('slot', sa.String(length=5), nullable=False),
    sa.Column('team', sa.String(length=20), nullable=False),
    sa.Column('service', sa.String(length=300), nullable=False),
    sa.Column('operation_code', sa.String(length=20), nullable=True),
    sa.Column('channel', sa.String(length=12), nullable=False),
    sa.Column('advisor_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('overbooked', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('created_at', workshop.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=False),
    sa.Column('confirmed_at', workshop.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('confirm_note', sa.String(length=300), nullable=False),
    sa.Column('closed_at', workshop.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_by', sa.Integer(), nullable=True),
    sa.Column('close_reason', sa.String(length=300), nullable=False),
    sa.Column('work_order_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['advisor_id'], ['users.id'], name=op.f('fk_appointments_advisor_id_users')),
    sa.ForeignKeyConstraint(['closed_by'], ['users.id'], name=op.f('fk_appointments_closed_by_users')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_appointments_created_by_users')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_appointments_customer_id_customers')),
    sa.ForeignKeyConstraint(['vehicle_id'], ['vehicles.id'], name=op.f('fk_appointments_vehicle_id_vehicles')),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_orders.id'], name=op.f('fk_appointments_work_order_id_work_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appointments'))
    )
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.create_index('ix_appointments_created', ['created_at'], unique=False)
        batch_op.create_index('ix_appointments_day_state', ['day', 'state'], unique=False)
        batch_op.create_index('ix_appointments_vehicle', ['vehicle_id'], unique=False)
        batch_op.create_index('ix_appointments_work_order', ['work_order_id'], unique=False)

    op.create_table('reminder_calls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vehicle_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('outcome', sa.String(length=12), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('called_at', workshop.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('called_by', sa.Integer(), nullable=False),
    sa.Column('appointment_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointments.id'], name=op.f('fk_reminder_calls_appointment_id_appointments')),
    sa.ForeignKeyConstraint(['called_by'], ['users.id'], name=op.f('fk_reminder_calls_called_by_users')),
    sa.ForeignKeyConstraint(['vehicle_id'], ['vehicles.id'], name=op.f('fk_reminder_calls_vehicle_id_vehicles')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_calls'))
    )
    with op.batch_alter_table('reminder_calls', schema=None) as batch_op:
        batch_op.create_index('ix_reminder_calls_vehicle_kind', ['vehicle_id', 'kind', 'due_date'], unique=False)

    # SQLite adds a column in place (no table rebuild: work_orders' foreign keys point at vehicles)
    for name, type_ in (('service_due', sa.Date()), ('daily_km', sa.Integer()), ('insurance_due', sa.Date()),
                        ('inspection_due', sa.Date())):
        op.add_column('vehicles', sa.Column(name, type_, nullable=True))
    for name in ('inspection_due', 'insurance_due', 'service_due'):
        op.create_index(f'ix_vehicles_{name}', 'vehicles', [name], unique=False)


def downgrade() -> None:
    for name in ('service_due', 'insurance_due', 'inspection_due'):
        op.drop_index(f'ix_vehicles_{name}', table_name='vehicles')
    for name in ('inspection_due', 'insurance_due', 'daily_km', 'service_due'):
        op.drop_column('vehicles', name)  # SQLite >= 3.35 drops a column in place

    with op.batch_alter_table('reminder_calls', schema=None) as batch_op:
        batch_op.drop_index('ix_reminder_calls_vehicle_kind')

    op.drop_table('reminder_calls')
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.drop_index('ix_appointments_work_order')
        batch_op.drop_index('ix_appointments_vehicle')
        batch_op.drop_index('ix_appointments_day_state')
        batch_op.drop_index('ix_appointments_created')

    op.drop_table('appointments')
    op.drop_table('appointment_slots')
