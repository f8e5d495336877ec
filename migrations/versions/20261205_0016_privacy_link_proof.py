"""privacy link proof: a link emailed or a code texted to a phone number the site holds

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 08:00:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = '0016'
down_revision: Union[str, Sequence[str], None] = '0015'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('privacy_links', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('proof', sa.String(length=16), server_default='email_link', nullable=False)
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('privacy_links', schema=None) as batch_op:
        batch_op.drop_column('proof')
