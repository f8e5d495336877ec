"""The member directory: the hosts guests visit."""
