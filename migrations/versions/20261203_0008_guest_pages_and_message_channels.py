"""guest pages and message channels: an invitation's page link and calendar sequence, who an
outbox message is for

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 16:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0008'
down_revision: Union[str, Sequence[str], None] = '0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('page_nonce', sa.LargeBinary(length=8), nullable=True))
        batch_op.add_column(sa.Column('page_opened_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('sequence', sa.Integer(), server_default='0', nullable=False))

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recipient', sa.String(length=64), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('recipient')

    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_column('sequence')
        batch_op.drop_column('page_opened_at')
        batch_op.drop_column('page_nonce')
