"""reception: a vehicle without a plate yet (未上牌), a plate kept after a confirmation, the plate history;
each claim line's own arrival (C3)

Revision ID: 0005_reception
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa
import workshop.db.types


revision = '0005_reception'
down_revision = "0004_master_data"
branch_labels = None
depends_on = None


def _sqlite_plate_nullable(nullable: bool) -> None:
    """SQLite cannot drop a NOT NULL in place, and rebuilding vehicles (batch mode) fails on the foreign keys
    of work_orders inside the migration's transaction. Removing or restoring NOT NULL does not change the
    stored rows, so this is SQLite's documented in-place edit of the table's CREATE statement
    (https://sqlite.org/lang_altertable.html, "making other kinds of table schema changes")."""
    conn = op.get_bind()
    old, new = "plate VARCHAR(20) NOT NULL,", "plate VARCHAR(20),"
    if not nullable:
        old, new = new, old
    sql = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type='table' AND name='vehicles'").scalar()
    assert sql is not None and old in sql, sql
    version = conn.exec_driver_sql("PRAGMA schema_version").scalar()
    conn.exec_driver_sql("PRAGMA writable_schema=ON")
    conn.exec_driver_sql("UPDATE sqlite_master SET sql=? WHERE type='table' AND name='vehicles'",
                         (sql.replace(old, new, 1),))
    conn.exec_driver_sql(f"PRAGMA schema_version={int(version or 0) + 1}")
    conn.exec_driver_sql("PRAGMA writable_schema=OFF")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_plate_nullable(True)
    else:
        op.alter_column('vehicles', 'plate', existing_type=sa.String(length=20), nullable=True)
    op.add_column('vehicles', sa.Column('plate_unrecognised', sa.Boolean(), server_default=sa.false(),
                                        nullable=False))
    op.create_table('vehicle_plates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vehicle_id', sa.Integer(), nullable=False),
    sa.Column('old_plate', sa.String(length=20), nullable=True),
    sa.Column('new_plate', sa.String(length=20), nullable=True),
    sa.Column('changed_at', workshop.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('changed_by', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['changed_by'], ['users.id'], name=op.f('fk_vehicle_plates_changed_by_users')),
    sa.ForeignKeyConstraint(['vehicle_id'], ['vehicles.id'], name=op.f('fk_vehicle_plates_vehicle_id_vehicles')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vehicle_plates'))
    )
    with op.batch_alter_table('vehicle_plates', schema=None) as batch_op:
        batch_op.create_index('ix_vehicle_plates_vehicle', ['vehicle_id'], unique=False)
    # C3: each claim line counts from its own arrival; lines already in: their first claim_receipt move
    op.add_column('claim_order_lines', sa.Column('arrived_at', workshop.db.types.UTCDateTime(timezone=True),
                                                 nullable=True))
    op.execute(
        "UPDATE claim_order_lines SET arrived_at = COALESCE("
        " (SELECT MIN(m.at) FROM stock_moves m JOIN claim_orders c ON c.id = claim_order_lines.claim_order_id"
        "  WHERE m.kind = 'claim_receipt' AND m.reference = c.number AND m.part_id = claim_order_lines.part_id),"
        " (SELECT c.arrived_at FROM claim_orders c WHERE c.id = claim_order_lines.claim_order_id))"
        " WHERE arrived_qty > 0"
    )


def downgrade() -> None:
    op.drop_column('claim_order_lines', 'arrived_at')
    with op.batch_alter_table('vehicle_plates', schema=None) as batch_op:
        batch_op.drop_index('ix_vehicle_plates_vehicle')
    op.drop_table('vehicle_plates')
    op.drop_column('vehicles', 'plate_unrecognised')  # SQLite >= 3.35 drops a column in place
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_plate_nullable(False)
    else:
        op.alter_column('vehicles', 'plate', existing_type=sa.String(length=20), nullable=False)
