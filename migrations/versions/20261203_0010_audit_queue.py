"""audit queue: a portal page's view is written without the audit chain's lock and folded
into the chain after the page is answered

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 20:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0010'
down_revision: Union[str, Sequence[str], None] = '0009'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('audit_queue',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('action', sa.String(length=24), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('subject_ref', sa.String(length=32), nullable=True),
    sa.Column('field', sa.String(length=64), nullable=True),
    sa.Column('purpose', sa.String(length=64), nullable=True),
    sa.Column('detail', sa.String(length=200), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_audit_queue_site_id_sites'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_queue'))
    )
    with op.batch_alter_table('audit_queue', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_queue_site_id'), ['site_id'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('audit_queue', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_queue_site_id'))
    op.drop_table('audit_queue')
