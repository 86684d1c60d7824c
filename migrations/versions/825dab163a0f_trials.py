"""trials: paid trial rounds and trials, the owner's hourly value

Revision ID: 825dab163a0f
Revises: 751707f85934
Create Date: 2026-11-27 05:29:35.216792

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '825dab163a0f'
down_revision = '751707f85934'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('trial_round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('brief', sa.Text(), nullable=False),
    sa.Column('criteria', sa.Text(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('checkin_on', sa.Date(), nullable=False),
    sa.Column('tasks_in_trial', sa.Integer(), nullable=False),
    sa.Column('tasks_in_mission', sa.Integer(), nullable=True),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['mission_id'], ['mission.id'], name=op.f('fk_trial_round_mission_id_mission'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['user.id'], name=op.f('fk_trial_round_owner_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trial_round'))
    )
    with op.batch_alter_table('trial_round', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trial_round_deadline'), ['deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_trial_round_mission_id'), ['mission_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_trial_round_owner_id'), ['owner_id'], unique=False)

    op.create_table('trial',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('reply_id', sa.Integer(), nullable=False),
    sa.Column('applicant_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('in_progress_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('evaluated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('refused_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('quality', sa.Integer(), nullable=True),
    sa.Column('on_time', sa.Boolean(), nullable=True),
    sa.Column('round_trips', sa.Integer(), nullable=True),
    sa.Column('owner_minutes', sa.Integer(), nullable=True),
    sa.Column('amount_paid', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('tasks_completed', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('is_kept', sa.Boolean(), nullable=False),
    sa.Column('is_backup', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['applicant_id'], ['applicant.id'], name=op.f('fk_trial_applicant_id_applicant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['user.id'], name=op.f('fk_trial_owner_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reply_id'], ['reply.id'], name=op.f('fk_trial_reply_id_reply'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['trial_round.id'], name=op.f('fk_trial_round_id_trial_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trial')),
    sa.UniqueConstraint('round_id', 'reply_id', name='uq_trial_round_reply')
    )
    with op.batch_alter_table('trial', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trial_applicant_id'), ['applicant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_trial_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_trial_reply_id'), ['reply_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_trial_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_trial_state'), ['state'], unique=False)

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hourly_value', sa.Numeric(precision=12, scale=2), nullable=True))
        batch_op.add_column(sa.Column('hourly_currency', sa.String(length=3), server_default='EUR', nullable=False))



def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('hourly_currency')
        batch_op.drop_column('hourly_value')

    with op.batch_alter_table('trial', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trial_state'))
        batch_op.drop_index(batch_op.f('ix_trial_round_id'))
        batch_op.drop_index(batch_op.f('ix_trial_reply_id'))
        batch_op.drop_index(batch_op.f('ix_trial_owner_id'))
        batch_op.drop_index(batch_op.f('ix_trial_applicant_id'))

    op.drop_table('trial')
    with op.batch_alter_table('trial_round', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trial_round_owner_id'))
        batch_op.drop_index(batch_op.f('ix_trial_round_mission_id'))
        batch_op.drop_index(batch_op.f('ix_trial_round_deadline'))

    op.drop_table('trial_round')
