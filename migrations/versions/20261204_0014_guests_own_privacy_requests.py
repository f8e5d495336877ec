"""guests' own privacy requests: the links that prove them and the requests with their clock

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 17:30:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0014'
down_revision: Union[str, Sequence[str], None] = '0013'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        'privacy_links',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('digest', sa.LargeBinary(length=32), nullable=False),
        sa.Column('subject_ids', sa.JSON(), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('session_digest', sa.LargeBinary(length=32), nullable=True),
        sa.Column('session_ends_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_privacy_links_site_id_sites'), ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_privacy_links')),
        sa.UniqueConstraint('digest', name=op.f('uq_privacy_links_digest')),
        sa.UniqueConstraint('session_digest', name=op.f('uq_privacy_links_session_digest')),
    )
    with op.batch_alter_table('privacy_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_privacy_links_site_id'), ['site_id'], unique=False)
    op.create_table(
        'privacy_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('subject_ref', sa.String(length=64), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('proof', sa.String(length=16), nullable=False),
        sa.Column('proved_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('alerted_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('outcome', sa.String(length=16), nullable=True),
        sa.Column('reason', sa.String(length=200), nullable=True),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_privacy_requests_site_id_sites'), ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_privacy_requests')),
    )
    with op.batch_alter_table('privacy_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_privacy_requests_proved_at'), ['proved_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_privacy_requests_site_id'), ['site_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_privacy_requests_subject_ref'), ['subject_ref'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('privacy_requests')
    op.drop_table('privacy_links')
