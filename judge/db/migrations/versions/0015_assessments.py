"""assessments: a hiring assignment's options, the candidate's Start and Finish, drafts over time, scorecards,
applicant tracking systems' keys, seeded variants and anonymised accounts

Revision ID: 0015
Revises: 0014
"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('assignments', sa.Column('assessment', sa.JSON(), nullable=True))
    op.add_column('users', sa.Column('anonymised_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('assignment_starts') as batch:
        batch.add_column(sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('finished_by', sa.String(length=20), nullable=True))
        batch.add_column(sa.Column('share_extra_time', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.add_column(sa.Column('partner_notified_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('submissions') as batch:
        batch.add_column(sa.Column('variant_seed', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('from_draft', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table(
        'drafts',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('assignment_id', sa.String(length=32), nullable=False),
        sa.Column('user_id', sa.String(length=32), nullable=False),
        sa.Column('problem', sa.String(length=100), nullable=False),
        sa.Column('dialect', sa.String(length=20), nullable=True),
        sa.Column('source', sa.Text(), nullable=False),
        sa.Column('pasted_chars', sa.Integer(), server_default='0', nullable=False),
        sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_drafts_assignment_id', 'drafts', ['assignment_id'])
    op.create_index('ix_drafts_user_id', 'drafts', ['user_id'])
    op.create_index('ix_drafts_saved_at', 'drafts', ['saved_at'])
    op.create_table(
        'scorecards',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('assignment_id', sa.String(length=32), nullable=False),
        sa.Column('candidate_id', sa.String(length=32), nullable=False),
        sa.Column('reviewer_id', sa.String(length=32), nullable=False),
        sa.Column('ratings', sa.JSON(), nullable=False),
        sa.Column('overall', sa.String(length=20), nullable=True),
        sa.Column('notes', sa.Text(), nullable=False),
        sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['candidate_id'], ['users.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('assignment_id', 'candidate_id', 'reviewer_id'),
    )
    op.create_index('ix_scorecards_assignment_id', 'scorecards', ['assignment_id'])
    op.create_index('ix_scorecards_candidate_id', 'scorecards', ['candidate_id'])
    op.create_index('ix_scorecards_reviewer_id', 'scorecards', ['reviewer_id'])
    op.create_table(
        'partner_keys',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('course_id', sa.String(length=32), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('key_hash', sa.String(length=64), nullable=False),
        sa.Column('webhook_url', sa.String(length=2000), nullable=True),
        sa.Column('webhook_secret', sa.String(length=64), nullable=False),
        sa.Column('created_by', sa.String(length=100), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['course_id'], ['courses.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('key_hash'),
    )
    op.create_index('ix_partner_keys_course_id', 'partner_keys', ['course_id'])
    with op.batch_alter_table('invites') as batch:
        batch.add_column(sa.Column('seed', sa.Integer(), server_default='0', nullable=False))
        batch.add_column(sa.Column('partner_key_id', sa.String(length=32), nullable=True))
        batch.create_foreign_key(
            'fk_invites_partner_key_id', 'partner_keys', ['partner_key_id'], ['id'], ondelete='SET NULL'
        )


def downgrade() -> None:
    with op.batch_alter_table('invites') as batch:
        batch.drop_constraint('fk_invites_partner_key_id', type_='foreignkey')
        batch.drop_column('partner_key_id')
        batch.drop_column('seed')
    op.drop_index('ix_partner_keys_course_id', table_name='partner_keys')
    op.drop_table('partner_keys')
    op.drop_index('ix_scorecards_reviewer_id', table_name='scorecards')
    op.drop_index('ix_scorecards_candidate_id', table_name='scorecards')
    op.drop_index('ix_scorecards_assignment_id', table_name='scorecards')
    op.drop_table('scorecards')
    op.drop_index('ix_drafts_saved_at', table_name='drafts')
    op.drop_index('ix_drafts_user_id', table_name='drafts')
    op.drop_index('ix_drafts_assignment_id', table_name='drafts')
    op.drop_table('drafts')
    with op.batch_alter_table('submissions') as batch:
        batch.drop_column('from_draft')
        batch.drop_column('variant_seed')
    with op.batch_alter_table('assignment_starts') as batch:
        batch.drop_column('partner_notified_at')
        batch.drop_column('share_extra_time')
        batch.drop_column('finished_by')
        batch.drop_column('finished_at')
    op.drop_column('users', 'anonymised_at')
    op.drop_column('assignments', 'assessment')
