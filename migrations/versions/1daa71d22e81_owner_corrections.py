"""corrections: the owner's value of a reading, stored beside the machine's analysis

Revision ID: 1daa71d22e81
Revises: 825dab163a0f
Create Date: 2026-12-01 20:40:30.105308

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1daa71d22e81'
down_revision = '825dab163a0f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('correction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('reply_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=20), nullable=False),
    sa.Column('machine_value', sa.JSON(), nullable=True),
    sa.Column('owner_value', sa.JSON(), nullable=True),
    sa.Column('corrected_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['corrected_by_id'], ['user.id'], name=op.f('fk_correction_corrected_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['user.id'], name=op.f('fk_correction_owner_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reply_id'], ['reply.id'], name=op.f('fk_correction_reply_id_reply'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_correction')),
    sa.UniqueConstraint('reply_id', 'field', name='uq_correction_reply_field')
    )
    with op.batch_alter_table('correction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_correction_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_correction_reply_id'), ['reply_id'], unique=False)



def downgrade():
    with op.batch_alter_table('correction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_correction_reply_id'))
        batch_op.drop_index(batch_op.f('ix_correction_owner_id'))

    op.drop_table('correction')
