"""counted refusals and resends: what a portal counter counts (sign-in tries, refusals folded
into one audit entry a minute, resends of an invitation)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 18:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0009'
down_revision: Union[str, Sequence[str], None] = '0008'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('portal_tries', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('kind', sa.String(length=40), server_default='try', nullable=False)
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('portal_tries', schema=None) as batch_op:
        batch_op.drop_column('kind')
