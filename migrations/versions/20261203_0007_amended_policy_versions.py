"""amended policy versions: a value records a site's amended version (2018-05-25+site-1)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 14:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0007'
down_revision: Union[str, Sequence[str], None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('personal_values', schema=None) as batch_op:
        batch_op.alter_column('policy_version',
               existing_type=sa.String(length=16),
               type_=sa.String(length=64),
               existing_nullable=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('personal_values', schema=None) as batch_op:
        batch_op.alter_column('policy_version',
               existing_type=sa.String(length=64),
               type_=sa.String(length=16),
               existing_nullable=False)
