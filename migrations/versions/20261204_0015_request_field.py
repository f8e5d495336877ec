"""privacy request field: the field a correction asks about (a registry key, never a value)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 21:00:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = '0015'
down_revision: Union[str, Sequence[str], None] = '0014'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('privacy_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('field', sa.String(length=64), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('privacy_requests', schema=None) as batch_op:
        batch_op.drop_column('field')
