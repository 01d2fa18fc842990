"""reception: declined work kept on the vehicle (R3), the walk-around and its photos (R4)

Revision ID: 0016_walkaround
Revises: 0014_appointments
Create Date: 2026-12-01 23:40:00
"""
from alembic import op
import sqlalchemy as sa
import workshop.db.types


revision = '0016_walkaround'
down_revision = "0014_appointments"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('declined_work',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vehicle_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('description', sa.String(length=300), nullable=False),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('lines', sa.Text(), nullable=False),
    sa.Column('work_order_id', sa.Integer(), nullable=False),
    sa.Column('added_item_id', sa.Integer(), nullable=True),
    sa.Column('noted_by', sa.Integer(), nullable=False),
    sa.Column('noted_at', workshop.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_by', sa.Integer(), nullable=True),
    sa.Column('closed_at', workshop.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('close_reason', sa.String(length=200), nullable=False),
    sa.Column('taken_into_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['added_item_id'], ['added_items.id'], name=op.f('fk_declined_work_added_item_id_added_items')),
    sa.ForeignKeyConstraint(['closed_by'], ['users.id'], name=op.f('fk_declined_work_closed_by_users')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_declined_work_customer_id_customers')),
    sa.ForeignKeyConstraint(['noted_by'], ['users.id'], name=op.f('fk_declined_work_noted_by_users')),
    sa.ForeignKeyConstraint(['taken_into_id'], ['work_orders.id'], name=op.f('fk_declined_work_taken_into_id_work_orders')),
    sa.ForeignKeyConstraint(['vehicle_id'], ['vehicles.id'], name=op.f('fk_declined_work_vehicle_id_vehicles')),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_orders.id'], name=op.f('fk_declined_work_work_order_id_work_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_declined_work'))
    )
    with op.batch_alter_table('declined_work', schema=None) as batch_op:
        batch_op.create_index('ix_declined_work_vehicle_state', ['vehicle_id', 'state'], unique=False)
        batch_op.create_index('ix_declined_work_state_customer', ['state', 'customer_id'], unique=False)

    op.create_table('walkarounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('work_order_id', sa.Integer(), nullable=False),
    sa.Column('fuel_eighths', sa.Integer(), nullable=False),
    sa.Column('mileage', sa.Integer(), nullable=False),
    sa.Column('valuables', sa.String(length=300), nullable=False),
    sa.Column('warning_lamps', sa.String(length=200), nullable=False),
    sa.Column('tyres', sa.String(length=200), nullable=False),
    sa.Column('damage_marks', sa.Text(), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=False),
    sa.Column('recorded_at', workshop.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f('fk_walkarounds_recorded_by_users')),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_orders.id'], name=op.f('fk_walkarounds_work_order_id_work_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_walkarounds')),
    sa.UniqueConstraint('work_order_id', name=op.f('uq_walkarounds_work_order_id'))
    )
    op.create_table('walkaround_photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('work_order_id', sa.Integer(), nullable=False),
    sa.Column('caption', sa.String(length=100), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('mime', sa.String(length=20), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('thumb', sa.LargeBinary(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('added_by', sa.Integer(), nullable=False),
    sa.Column('added_at', workshop.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['added_by'], ['users.id'], name=op.f('fk_walkaround_photos_added_by_users')),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_orders.id'], name=op.f('fk_walkaround_photos_work_order_id_work_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_walkaround_photos'))
    )
    with op.batch_alter_table('walkaround_photos', schema=None) as batch_op:
        batch_op.create_index('ix_walkaround_photos_wo', ['work_order_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('walkaround_photos', schema=None) as batch_op:
        batch_op.drop_index('ix_walkaround_photos_wo')
    op.drop_table('walkaround_photos')
    op.drop_table('walkarounds')
    with op.batch_alter_table('declined_work', schema=None) as batch_op:
        batch_op.drop_index('ix_declined_work_state_customer')
        batch_op.drop_index('ix_declined_work_vehicle_state')
    op.drop_table('declined_work')
