"""kept sessions: "keep me signed in on this device" (30 days, its secret renewed daily)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 21:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0011'
down_revision: Union[str, Sequence[str], None] = '0010'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('portal_sessions', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('kept', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column('renewed_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('portal_sessions', schema=None) as batch_op:
        batch_op.drop_column('renewed_at')
        batch_op.drop_column('kept')
