"""audit chain: seq, prev_hash, row_hash on audit_log; the one-row audit_head

Every existing audit row is chained in id order (the append-only guard is lifted for that, inside this
migration's transaction, and put back).

Revision ID: 0002_audit_chain
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

from workshop.db.guards import install_guards


revision = '0002_audit_chain'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    from workshop.db.audit_chain import GENESIS, row_digest

    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seq', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('row_hash', sa.String(length=64), nullable=True))
    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head'))
    )
    conn = op.get_bind()
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_update")
    else:
        conn.exec_driver_sql("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change")
    log = sa.table('audit_log', sa.column('id'), sa.column('at'), sa.column('user_id'), sa.column('action'),
                   sa.column('entity'), sa.column('entity_id'), sa.column('summary'), sa.column('seq'),
                   sa.column('prev_hash'), sa.column('row_hash'))
    rows = conn.execute(sa.select(log.c.id, log.c.at, log.c.user_id, log.c.action, log.c.entity, log.c.entity_id,
                                  log.c.summary).order_by(log.c.id)).all()
    seq, prev, links = 0, GENESIS, []
    for rid, *content in rows:
        seq += 1
        digest = row_digest(seq, prev, *content)
        links.append({"rid": rid, "s": seq, "p": prev, "h": digest})
        prev = digest
    if links:
        conn.execute(sa.update(log).where(log.c.id == sa.bindparam("rid"))
                     .values(seq=sa.bindparam("s"), prev_hash=sa.bindparam("p"), row_hash=sa.bindparam("h")), links)
    if sqlite:
        install_guards(conn)
    else:
        conn.exec_driver_sql("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change")
    conn.execute(sa.text("INSERT INTO audit_head (id, seq, hash) VALUES (1, :s, :h)"), {"s": seq, "h": prev})
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ux_audit_log_seq', ['seq'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ux_audit_log_seq')
    op.drop_table('audit_head')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_column('row_hash')
        batch_op.drop_column('prev_hash')
        batch_op.drop_column('seq')
    install_guards(op.get_bind())
