"""What an officer reads: the policy in words, registry files checked, the audit log verified."""
