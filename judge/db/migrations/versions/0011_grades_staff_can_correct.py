"""grades staff can correct: overrides and waivers, withdrawn assignments, extra time per student

Revision ID: 0011
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'grade_adjustments',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('assignment_id', sa.String(length=32), nullable=False),
        sa.Column('user_id', sa.String(length=32), nullable=False),
        sa.Column('problem', sa.String(length=100), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('grade', sa.Float(), nullable=True),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('created_by', sa.String(length=100), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('assignment_id', 'user_id', 'problem', 'kind'),
    )
    op.create_index('ix_grade_adjustments_assignment_id', 'grade_adjustments', ['assignment_id'])
    with op.batch_alter_table('assignments') as batch:
        batch.add_column(sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('private', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('display_name', sa.String(length=200), nullable=True))
    with op.batch_alter_table('memberships') as batch:
        batch.add_column(sa.Column('extra_minutes', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('extra_percent', sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('memberships') as batch:
        batch.drop_column('extra_percent')
        batch.drop_column('extra_minutes')
    with op.batch_alter_table('users') as batch:
        batch.drop_column('display_name')
    with op.batch_alter_table('assignments') as batch:
        batch.drop_column('private')
        batch.drop_column('withdrawn_at')
    op.drop_index('ix_grade_adjustments_assignment_id', 'grade_adjustments')
    op.drop_table('grade_adjustments')
