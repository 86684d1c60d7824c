"""portfolio: collaborators, delegated tasks, check-ins, calendar feed

Revision ID: a31d10539665
Revises: e478d1372ae1
Create Date: 2026-12-01 20:42:21.870218

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a31d10539665'
down_revision = 'e478d1372ae1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_feed',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('nonce', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['user.id'], name=op.f('fk_calendar_feed_owner_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feed')),
    sa.UniqueConstraint('owner_id', name=op.f('uq_calendar_feed_owner_id'))
    )
    op.create_table('collaborator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('applicant_id', sa.Integer(), nullable=True),
    sa.Column('trial_round_id', sa.Integer(), nullable=True),
    sa.Column('backup_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('platform', sa.String(length=20), nullable=False),
    sa.Column('profile_url', sa.String(length=2048), nullable=False),
    sa.Column('hourly_rate', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['applicant_id'], ['applicant.id'], name=op.f('fk_collaborator_applicant_id_applicant'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['backup_id'], ['collaborator.id'], name=op.f('fk_collaborator_backup_id_collaborator'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['user.id'], name=op.f('fk_collaborator_owner_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['trial_round_id'], ['trial_round.id'], name=op.f('fk_collaborator_trial_round_id_trial_round'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_collaborator')),
    sa.UniqueConstraint('owner_id', 'applicant_id', name='uq_collaborator_owner_applicant')
    )
    with op.batch_alter_table('collaborator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_collaborator_owner_id'), ['owner_id'], unique=False)

    op.create_table('delegated_task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('collaborator_id', sa.Integer(), nullable=True),
    sa.Column('collaborator_name', sa.String(length=200), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=True),
    sa.Column('template_name', sa.String(length=200), nullable=False),
    sa.Column('template_version', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('objective', sa.Text(), nullable=False),
    sa.Column('deliverable', sa.Text(), nullable=False),
    sa.Column('steps', sa.Text(), nullable=False),
    sa.Column('measured_minutes', sa.Integer(), nullable=True),
    sa.Column('resources', sa.Text(), nullable=False),
    sa.Column('examples', sa.Text(), nullable=False),
    sa.Column('checklist', sa.Text(), nullable=False),
    sa.Column('doc_url', sa.String(length=2048), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('blocked_reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('amount_paid', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('briefing_minutes', sa.Integer(), nullable=True),
    sa.Column('answering_minutes', sa.Integer(), nullable=True),
    sa.Column('correcting_minutes', sa.Integer(), nullable=True),
    sa.Column('rework_minutes', sa.Integer(), nullable=True),
    sa.Column('actual_minutes', sa.Integer(), nullable=True),
    sa.Column('quality', sa.String(length=10), nullable=True),
    sa.ForeignKeyConstraint(['collaborator_id'], ['collaborator.id'], name=op.f('fk_delegated_task_collaborator_id_collaborator'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['user.id'], name=op.f('fk_delegated_task_owner_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['template_id'], ['mission_template.id'], name=op.f('fk_delegated_task_template_id_mission_template'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delegated_task'))
    )
    with op.batch_alter_table('delegated_task', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delegated_task_collaborator_id'), ['collaborator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_delegated_task_deadline'), ['deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_delegated_task_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_delegated_task_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_delegated_task_template_id'), ['template_id'], unique=False)

    op.create_table('task_checkin',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('planned_on', sa.Date(), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('seen', sa.Text(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=True),
    sa.Column('verdict', sa.String(length=10), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['user.id'], name=op.f('fk_task_checkin_owner_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['task_id'], ['delegated_task.id'], name=op.f('fk_task_checkin_task_id_delegated_task'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_checkin'))
    )
    with op.batch_alter_table('task_checkin', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_checkin_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_checkin_planned_on'), ['planned_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_checkin_task_id'), ['task_id'], unique=False)



def downgrade():
    with op.batch_alter_table('task_checkin', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_checkin_task_id'))
        batch_op.drop_index(batch_op.f('ix_task_checkin_planned_on'))
        batch_op.drop_index(batch_op.f('ix_task_checkin_owner_id'))

    op.drop_table('task_checkin')
    with op.batch_alter_table('delegated_task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delegated_task_template_id'))
        batch_op.drop_index(batch_op.f('ix_delegated_task_state'))
        batch_op.drop_index(batch_op.f('ix_delegated_task_owner_id'))
        batch_op.drop_index(batch_op.f('ix_delegated_task_deadline'))
        batch_op.drop_index(batch_op.f('ix_delegated_task_collaborator_id'))

    op.drop_table('delegated_task')
    with op.batch_alter_table('collaborator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_collaborator_owner_id'))

    op.drop_table('collaborator')
    op.drop_table('calendar_feed')
