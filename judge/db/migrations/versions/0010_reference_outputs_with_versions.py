"""a problem version's reference outputs, derived when it is published, and why a version was refused

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('problem_versions') as batch:
        batch.add_column(sa.Column('reference_outputs', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('reference_runner', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('refused', sa.Text(), nullable=True))
        batch.add_column(sa.Column('requested_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('problem_versions') as batch:
        for column in ('requested_at', 'refused', 'reference_runner', 'reference_outputs'):
            batch.drop_column(column)
