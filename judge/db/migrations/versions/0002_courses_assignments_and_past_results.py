"""courses, memberships, assignments, extensions, timed starts, past results; users and submissions gain columns

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.sql.expression import false, true


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

MEMBER_ROLE = sa.Enum('INSTRUCTOR', 'TA', 'STUDENT', name='memberrole', native_enum=False, length=20)


def upgrade() -> None:
    op.create_table('courses',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('grade_by', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('slug')
    )
    op.create_table('memberships',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('course_id', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('role', MEMBER_ROLE, nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('course_id', 'user_id')
    )
    op.create_index('ix_memberships_course_id', 'memberships', ['course_id'])
    op.create_index('ix_memberships_user_id', 'memberships', ['user_id'])
    op.create_table('assignments',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('course_id', sa.String(length=32), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('release_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('late_policy', sa.JSON(), nullable=False),
    sa.Column('window_minutes', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('course_id', 'slug')
    )
    op.create_index('ix_assignments_course_id', 'assignments', ['course_id'])
    op.create_table('assignment_problems',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('assignment_id', sa.String(length=32), nullable=False),
    sa.Column('problem', sa.String(length=100), nullable=False),
    sa.Column('points', sa.Float(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('assignment_id', 'problem')
    )
    op.create_index('ix_assignment_problems_assignment_id', 'assignment_problems', ['assignment_id'])
    op.create_index('ix_assignment_problems_problem', 'assignment_problems', ['problem'])
    op.create_table('extensions',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('assignment_id', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('assignment_id', 'user_id')
    )
    op.create_index('ix_extensions_assignment_id', 'extensions', ['assignment_id'])
    op.create_table('assignment_starts',
    sa.Column('assignment_id', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('assignment_id', 'user_id')
    )
    op.create_table('past_results',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('submission_id', sa.String(length=32), nullable=False),
    sa.Column('verdict', sa.String(length=40), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('replaced_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_past_results_submission_id', 'past_results', ['submission_id'])
    # Existing rows keep working: every user is active, every submission outside any course and on time.
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('active', sa.Boolean(), server_default=true(), nullable=False))
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('course_id', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('assignment_id', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('late', sa.Boolean(), server_default=false(), nullable=False))
        batch_op.add_column(sa.Column('penalty_percent', sa.Float(), server_default='0', nullable=False))
        batch_op.create_index('ix_submissions_course_id', ['course_id'], unique=False)
        batch_op.create_index('ix_submissions_assignment_id', ['assignment_id'], unique=False)
        batch_op.create_foreign_key('fk_submissions_course_id', 'courses', ['course_id'], ['id'])
        batch_op.create_foreign_key('fk_submissions_assignment_id', 'assignments', ['assignment_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_constraint('fk_submissions_assignment_id', type_='foreignkey')
        batch_op.drop_constraint('fk_submissions_course_id', type_='foreignkey')
        batch_op.drop_index('ix_submissions_assignment_id')
        batch_op.drop_index('ix_submissions_course_id')
        for column in ('penalty_percent', 'late', 'assignment_id', 'course_id'):
            batch_op.drop_column(column)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('active')
        batch_op.drop_column('email')
    for table in ('past_results', 'assignment_starts', 'extensions', 'assignment_problems', 'assignments',
                  'memberships', 'courses'):
        op.drop_table(table)
