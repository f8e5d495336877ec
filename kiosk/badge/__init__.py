"""Badges: one layout description, sent to ESC/POS printers and drawn as a preview image."""
