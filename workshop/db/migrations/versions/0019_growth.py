"""issue 22, history growth: dead stock counted and summed from a summary kept by triggers (stock_age: the parts
in stock by the day of their last move) and its top rows read from a value index (parts.stock_value, generated);
the work orders of a date range counted from one index

Revision ID: 0019_growth
Revises: 0018_clock_indexes
Create Date: 2026-12-02 06:00:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0019_growth'
down_revision = "0018_clock_indexes"
branch_labels = None
depends_on = None

# A part counts in stock_age when it is in stock: one part and its value (on hand x average cost, both with 2
# decimals, so an exact integer of 1/10,000 yuan) on the UTC day of its last move; a part never moved (opening
# stock of an import) on 0001-01-01, before every threshold: it is dead stock at once.
_SQLITE_IN = "{r}.on_hand > 0"
_SQLITE_DAY = "coalesce(date({r}.last_move_at), '0001-01-01')"
_SQLITE_VALUE = "CAST(round({r}.on_hand * {r}.avg_cost * 10000) AS INTEGER)"

_SQLITE_ADD = (
    "INSERT INTO stock_age (day, parts, value_e4) SELECT " + _SQLITE_DAY + ", 1, " + _SQLITE_VALUE
    + " WHERE " + _SQLITE_IN + " ON CONFLICT (day) DO UPDATE SET parts = parts + 1, "
    "value_e4 = value_e4 + excluded.value_e4;"
)
_SQLITE_TAKE = (
    "UPDATE stock_age SET parts = parts - 1, value_e4 = value_e4 - " + _SQLITE_VALUE
    + " WHERE day = " + _SQLITE_DAY + " AND " + _SQLITE_IN + ";"
)
_SQLITE_TRIGGERS = (
    "CREATE TRIGGER tr_parts_stock_age_insert AFTER INSERT ON parts BEGIN "
    + _SQLITE_ADD.format(r="NEW") + " END",
    "CREATE TRIGGER tr_parts_stock_age_delete AFTER DELETE ON parts BEGIN "
    + _SQLITE_TAKE.format(r="OLD") + " END",
    "CREATE TRIGGER tr_parts_stock_age_update AFTER UPDATE OF on_hand, avg_cost, last_move_at ON parts "
    "WHEN OLD.on_hand IS NOT NEW.on_hand OR OLD.avg_cost IS NOT NEW.avg_cost "
    "OR OLD.last_move_at IS NOT NEW.last_move_at BEGIN "
    + _SQLITE_TAKE.format(r="OLD") + " " + _SQLITE_ADD.format(r="NEW") + " END",
)

_PG_FUNCTION = """
CREATE FUNCTION stock_age_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.on_hand IS NOT DISTINCT FROM NEW.on_hand
            AND OLD.avg_cost IS NOT DISTINCT FROM NEW.avg_cost
            AND OLD.last_move_at IS NOT DISTINCT FROM NEW.last_move_at THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.on_hand > 0 THEN
        UPDATE stock_age SET parts = parts - 1,
                             value_e4 = value_e4 - round(OLD.on_hand * OLD.avg_cost * 10000)::bigint
         WHERE day = coalesce((OLD.last_move_at AT TIME ZONE 'UTC')::date, DATE '0001-01-01');
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.on_hand > 0 THEN
        INSERT INTO stock_age (day, parts, value_e4)
        VALUES (coalesce((NEW.last_move_at AT TIME ZONE 'UTC')::date, DATE '0001-01-01'), 1,
                round(NEW.on_hand * NEW.avg_cost * 10000)::bigint)
        ON CONFLICT (day) DO UPDATE SET parts = stock_age.parts + 1,
                                        value_e4 = stock_age.value_e4 + EXCLUDED.value_e4;
    END IF;
    RETURN NULL;
END
$$
"""
_PG_TRIGGER = ("CREATE TRIGGER tr_parts_stock_age AFTER INSERT OR DELETE OR UPDATE OF on_hand, avg_cost, last_move_at "
               "ON parts FOR EACH ROW EXECUTE FUNCTION stock_age_keep()")

_BACKFILL = {
    "sqlite": "INSERT INTO stock_age (day, parts, value_e4) SELECT " + _SQLITE_DAY.format(r="parts")
              + ", count(*), sum(" + _SQLITE_VALUE.format(r="parts") + ") FROM parts WHERE "
              + _SQLITE_IN.format(r="parts") + " GROUP BY 1",
    "postgresql": "INSERT INTO stock_age (day, parts, value_e4) SELECT coalesce((last_move_at AT TIME ZONE 'UTC')::date, "
                  "DATE '0001-01-01'), count(*), sum(round(on_hand * avg_cost * 10000)::bigint) FROM parts "
                  "WHERE on_hand > 0 GROUP BY 1",
}


def upgrade() -> None:
    op.create_table(
        'stock_age',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('parts', sa.Integer(), nullable=False),
        sa.Column('value_e4', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('day', name=op.f('pk_stock_age')),
    )
    dialect = op.get_bind().dialect.name
    op.execute(_BACKFILL[dialect])
    if dialect == "sqlite":
        for trigger in _SQLITE_TRIGGERS:
            op.execute(trigger)
    else:
        op.execute(_PG_FUNCTION)
        op.execute(_PG_TRIGGER)
    # the top of dead stock by value walked from the most valuable part down, not every dead part sorted; the value
    # a generated column (SQLite adds only VIRTUAL ones to a table; PostgreSQL has only STORED ones)
    op.add_column('parts', sa.Column('stock_value', sa.Numeric(24, 4),
                                     sa.Computed('on_hand * avg_cost', persisted=dialect != "sqlite"), nullable=True))
    op.create_index('ix_parts_value', 'parts', ['stock_value', 'on_hand', 'last_move_at', 'part_no'], unique=False)
    # work orders per day (and the other counts of a date range by state and kind) read from the index alone:
    # SQLite on the large demo read every row of the range from the table through ix_work_orders_opened
    op.create_index('ix_work_orders_opened_state_kind', 'work_orders', ['opened_at', 'state', 'kind'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_work_orders_opened_state_kind', table_name='work_orders')
    op.drop_index('ix_parts_value', table_name='parts')
    op.execute("ALTER TABLE parts DROP COLUMN stock_value")  # SQLite 3.35+: no rebuild of parts (and its triggers)
    if op.get_bind().dialect.name == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER tr_parts_stock_age_{name}")
    else:
        op.execute("DROP TRIGGER tr_parts_stock_age ON parts")
        op.execute("DROP FUNCTION stock_age_keep()")
    op.drop_table('stock_age')
