"""rejudges and their items

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('rejudges',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('scope', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.String(length=32), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id']),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('rejudge_items',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('rejudge_id', sa.String(length=32), nullable=False),
    sa.Column('submission_id', sa.String(length=32), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('old_verdict', sa.String(length=40), nullable=False),
    sa.Column('old_score', sa.Float(), nullable=False),
    sa.Column('new_verdict', sa.String(length=40), nullable=True),
    sa.Column('new_score', sa.Float(), nullable=True),
    sa.Column('new_result', sa.JSON(), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['rejudge_id'], ['rejudges.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_rejudge_items_rejudge_id', 'rejudge_items', ['rejudge_id'])


def downgrade() -> None:
    op.drop_table('rejudge_items')
    op.drop_table('rejudges')
