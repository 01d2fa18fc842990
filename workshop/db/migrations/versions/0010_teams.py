"""teams as data (S1): the shop's teams with a code (what users, work orders and rates hold), a name and a
retirement; seeded with 机修 and 钣喷, the two teams every database had until now

Revision ID: 0010_teams
Revises: 0009_receivables
"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa
import workshop.db.types


revision = '0010_teams'
down_revision = "0009_receivables"
branch_labels = None
depends_on = None


def upgrade() -> None:
    teams = op.create_table('teams',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('name_en', sa.String(length=40), server_default='', nullable=False),
    sa.Column('retired_at', workshop.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', workshop.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_teams')),
    sa.UniqueConstraint('code', name=op.f('uq_teams_code'))
    )
    now = datetime.now(timezone.utc)  # the rows written here, not imported: a released revision never changes
    op.bulk_insert(teams, [
        {"id": 1, "code": "机修", "name": "机修", "name_en": "mechanical", "retired_at": None, "created_at": now},
        {"id": 2, "code": "钣喷", "name": "钣喷", "name_en": "body and paint", "retired_at": None, "created_at": now},
    ])
    if op.get_bind().dialect.name == "postgresql":  # the ids above were given by hand
        op.execute("SELECT setval(pg_get_serial_sequence('teams', 'id'), (SELECT max(id) FROM teams))")


def downgrade() -> None:
    op.drop_table('teams')
