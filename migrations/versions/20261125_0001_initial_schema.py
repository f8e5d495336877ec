"""Initial schema: sites, hosts, invitations, visits, deny list, outbox, data subjects, personal values, consents, audit log

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 19:32:39.776010

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0001'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('sites',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sites')),
    sa.UniqueConstraint('name', name=op.f('uq_sites_name'))
    )
    op.create_table('audit_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('action', sa.String(length=24), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('subject_ref', sa.String(length=32), nullable=True),
    sa.Column('field', sa.String(length=64), nullable=True),
    sa.Column('purpose', sa.String(length=64), nullable=True),
    sa.Column('detail', sa.String(length=200), nullable=False),
    sa.Column('prev_mac', sa.String(length=64), nullable=False),
    sa.Column('mac', sa.String(length=64), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_audit_entries_site_id_sites'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries')),
    sa.UniqueConstraint('site_id', 'seq', name=op.f('uq_audit_entries_site_id_seq'))
    )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entries_site_id'), ['site_id'], unique=False)

    op.create_table('audit_heads',
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('mac', sa.String(length=64), nullable=False),
    sa.Column('seal', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_audit_heads_site_id_sites'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('site_id', name=op.f('pk_audit_heads'))
    )
    op.create_table('data_subjects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('reference', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_data_subjects_site_id_sites'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_subjects')),
    sa.UniqueConstraint('reference', name=op.f('uq_data_subjects_reference'))
    )
    with op.batch_alter_table('data_subjects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_data_subjects_site_id'), ['site_id'], unique=False)

    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('template', sa.String(length=32), nullable=False),
    sa.Column('reference_id', sa.Integer(), nullable=False),
    sa.Column('dedupe_key', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_error', sa.String(length=200), nullable=True),
    sa.Column('claimed_by', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_outbox_site_id_sites'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox')),
    sa.UniqueConstraint('site_id', 'dedupe_key', name=op.f('uq_outbox_site_id_dedupe_key'))
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_next_attempt_at'), ['next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_site_id'), ['site_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_status'), ['status'], unique=False)

    op.create_table('consents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=64), nullable=False),
    sa.Column('notice_version', sa.String(length=32), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('text_sha256', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=24), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('given_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_consents_site_id_sites'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['subject_id'], ['data_subjects.id'], name=op.f('fk_consents_subject_id_data_subjects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consents'))
    )
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consents_site_id'), ['site_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consents_subject_id'), ['subject_id'], unique=False)

    op.create_table('deny_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('until', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_deny_entries_site_id_sites'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['subject_id'], ['data_subjects.id'], name=op.f('fk_deny_entries_subject_id_data_subjects'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deny_entries')),
    sa.UniqueConstraint('subject_id', name=op.f('uq_deny_entries_subject_id'))
    )
    with op.batch_alter_table('deny_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deny_entries_site_id'), ['site_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deny_entries_until'), ['until'], unique=False)

    op.create_table('hosts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_hosts_site_id_sites'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['subject_id'], ['data_subjects.id'], name=op.f('fk_hosts_subject_id_data_subjects'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hosts')),
    sa.UniqueConstraint('subject_id', name=op.f('uq_hosts_subject_id'))
    )
    with op.batch_alter_table('hosts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hosts_site_id'), ['site_id'], unique=False)

    op.create_table('personal_values',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=False),
    sa.Column('purpose', sa.String(length=64), nullable=False),
    sa.Column('basis', sa.String(length=32), nullable=False),
    sa.Column('policy_version', sa.String(length=16), nullable=False),
    sa.Column('notice_version', sa.String(length=32), nullable=False),
    sa.Column('notice_language', sa.String(length=8), nullable=False),
    sa.Column('source', sa.String(length=24), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('captured_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('retention_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('plain_value', sa.Text(), nullable=True),
    sa.Column('sealed_value', sa.LargeBinary(), nullable=True),
    sa.Column('lookup_hash', sa.LargeBinary(length=32), nullable=True),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_personal_values_site_id_sites'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['subject_id'], ['data_subjects.id'], name=op.f('fk_personal_values_subject_id_data_subjects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_personal_values')),
    sa.UniqueConstraint('subject_id', 'field', 'purpose', name=op.f('uq_personal_values_subject_id_field_purpose'))
    )
    with op.batch_alter_table('personal_values', schema=None) as batch_op:
        batch_op.create_index('ix_personal_values_lookup', ['site_id', 'field', 'lookup_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_personal_values_retention_until'), ['retention_until'], unique=False)
        batch_op.create_index(batch_op.f('ix_personal_values_site_id'), ['site_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_personal_values_subject_id'), ['subject_id'], unique=False)

    op.create_table('invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('host_id', sa.Integer(), nullable=False),
    sa.Column('guest_subject_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('visit_type', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('code_digest', sa.LargeBinary(length=32), nullable=False),
    sa.Column('code_nonce', sa.LargeBinary(length=8), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['guest_subject_id'], ['data_subjects.id'], name=op.f('fk_invitations_guest_subject_id_data_subjects'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['host_id'], ['hosts.id'], name=op.f('fk_invitations_host_id_hosts'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_invitations_site_id_sites'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitations')),
    sa.UniqueConstraint('site_id', 'code_digest', name=op.f('uq_invitations_site_id_code_digest'))
    )
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitations_ends_at'), ['ends_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_invitations_guest_subject_id'), ['guest_subject_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_invitations_host_id'), ['host_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_invitations_site_id'), ['site_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_invitations_starts_at'), ['starts_at'], unique=False)

    op.create_table('visits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('guest_subject_id', sa.Integer(), nullable=False),
    sa.Column('host_id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=True),
    sa.Column('visit_type', sa.String(length=16), nullable=False),
    sa.Column('kiosk_id', sa.String(length=64), nullable=False),
    sa.Column('badge_day', sa.Date(), nullable=False),
    sa.Column('badge_number', sa.Integer(), nullable=False),
    sa.Column('checked_in_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('checked_out_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['guest_subject_id'], ['data_subjects.id'], name=op.f('fk_visits_guest_subject_id_data_subjects'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['host_id'], ['hosts.id'], name=op.f('fk_visits_host_id_hosts'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitations.id'], name=op.f('fk_visits_invitation_id_invitations'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_visits_site_id_sites'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visits')),
    sa.UniqueConstraint('invitation_id', name=op.f('uq_visits_invitation_id')),
    sa.UniqueConstraint('site_id', 'badge_day', 'badge_number', name=op.f('uq_visits_site_id_badge_day_badge_number'))
    )
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visits_checked_in_at'), ['checked_in_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_visits_checked_out_at'), ['checked_out_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_visits_guest_subject_id'), ['guest_subject_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visits_host_id'), ['host_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visits_site_id'), ['site_id'], unique=False)



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visits_site_id'))
        batch_op.drop_index(batch_op.f('ix_visits_host_id'))
        batch_op.drop_index(batch_op.f('ix_visits_guest_subject_id'))
        batch_op.drop_index(batch_op.f('ix_visits_checked_out_at'))
        batch_op.drop_index(batch_op.f('ix_visits_checked_in_at'))

    op.drop_table('visits')
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitations_starts_at'))
        batch_op.drop_index(batch_op.f('ix_invitations_site_id'))
        batch_op.drop_index(batch_op.f('ix_invitations_host_id'))
        batch_op.drop_index(batch_op.f('ix_invitations_guest_subject_id'))
        batch_op.drop_index(batch_op.f('ix_invitations_ends_at'))

    op.drop_table('invitations')
    with op.batch_alter_table('personal_values', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_personal_values_subject_id'))
        batch_op.drop_index(batch_op.f('ix_personal_values_site_id'))
        batch_op.drop_index(batch_op.f('ix_personal_values_retention_until'))
        batch_op.drop_index('ix_personal_values_lookup')

    op.drop_table('personal_values')
    with op.batch_alter_table('hosts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hosts_site_id'))

    op.drop_table('hosts')
    with op.batch_alter_table('deny_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deny_entries_until'))
        batch_op.drop_index(batch_op.f('ix_deny_entries_site_id'))

    op.drop_table('deny_entries')
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consents_subject_id'))
        batch_op.drop_index(batch_op.f('ix_consents_site_id'))

    op.drop_table('consents')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_status'))
        batch_op.drop_index(batch_op.f('ix_outbox_site_id'))
        batch_op.drop_index(batch_op.f('ix_outbox_next_attempt_at'))

    op.drop_table('outbox')
    with op.batch_alter_table('data_subjects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_data_subjects_site_id'))

    op.drop_table('data_subjects')
    op.drop_table('audit_heads')
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entries_site_id'))

    op.drop_table('audit_entries')
    op.drop_table('sites')
