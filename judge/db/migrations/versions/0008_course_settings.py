"""a course's own quotas and webhook

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('courses') as batch:
        batch.add_column(sa.Column('submissions_per_minute', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('max_pending_submissions', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('webhook_url', sa.String(length=2000), nullable=True))
        batch.add_column(sa.Column('webhook_secret', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('courses') as batch:
        for column in ('webhook_secret', 'webhook_url', 'max_pending_submissions', 'submissions_per_minute'):
            batch.drop_column(column)
