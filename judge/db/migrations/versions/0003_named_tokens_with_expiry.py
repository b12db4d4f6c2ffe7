"""tokens get a name and an optional expiry; the admin's token from JUDGE_ADMIN_TOKEN is named so

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name', sa.String(length=100), server_default='default', nullable=False))
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))
    # Until now the admin named "admin" held tokens from JUDGE_ADMIN_TOKEN only: they are that token's.
    op.execute("UPDATE api_tokens SET name = 'JUDGE_ADMIN_TOKEN' "
               "WHERE user_id IN (SELECT id FROM users WHERE name = 'admin')")


def downgrade() -> None:
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('expires_at')
        batch_op.drop_column('name')
