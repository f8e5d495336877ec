"""Badges: one layout description, drawn as a preview image and (later) sent as ESC/POS."""
