"""problems as versioned data: stored versions, the published one of each problem, and the version a
submission (or a rejudge's item) is judged against

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('problem_versions',
    sa.Column('version', sa.String(length=64), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('archive', sa.LargeBinary(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('version')
    )
    op.create_index('ix_problem_versions_slug', 'problem_versions', ['slug'])
    op.create_table('published_problems',
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('version', sa.String(length=64), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['version'], ['problem_versions.version']),
    sa.PrimaryKeyConstraint('slug')
    )
    with op.batch_alter_table('submissions') as batch:
        batch.add_column(sa.Column('problem_version', sa.String(length=64), nullable=True))
    with op.batch_alter_table('rejudge_items') as batch:
        batch.add_column(sa.Column('problem_version', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('rejudge_items') as batch:
        batch.drop_column('problem_version')
    with op.batch_alter_table('submissions') as batch:
        batch.drop_column('problem_version')
    op.drop_table('published_problems')
    op.drop_table('problem_versions')
