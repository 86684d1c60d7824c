"""owner's time zone; mission budget as a range, per hour or for the whole mission

Revision ID: b7e41c2d9a10
Revises: 1daa71d22e81
Create Date: 2026-12-01 20:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e41c2d9a10'
down_revision = '1daa71d22e81'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('timezone', sa.String(length=64), server_default='', nullable=False))
    with op.batch_alter_table('mission', schema=None) as batch_op:
        batch_op.add_column(sa.Column('budget_max', sa.Numeric(precision=12, scale=2), nullable=True))
        batch_op.add_column(sa.Column('budget_unit', sa.String(length=10), server_default='mission',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('mission', schema=None) as batch_op:
        batch_op.drop_column('budget_unit')
        batch_op.drop_column('budget_max')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('timezone')
