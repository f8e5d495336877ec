"""Inviting guests: one at a time or from a CSV file; cancelling and resending."""
