"""F6 consent amount, Q1 return-visit attempts and outcome

Revision ID: 0003_approval_figures
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = '0003_approval_figures'
down_revision = "0002_audit_chain"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('added_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('consent_amount', sa.Numeric(precision=12, scale=2), nullable=True))
    with op.batch_alter_table('return_visits', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attempts', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('outcome', sa.String(length=20), server_default='', nullable=False))
    # visits recorded before: a score means the customer was reached, in one call
    op.execute("UPDATE return_visits SET outcome = 'reached', attempts = 1 WHERE done_at IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table('return_visits', schema=None) as batch_op:
        batch_op.drop_column('outcome')
        batch_op.drop_column('attempts')
    with op.batch_alter_table('added_items', schema=None) as batch_op:
        batch_op.drop_column('consent_amount')
