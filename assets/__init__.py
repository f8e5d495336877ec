"""Data shipped with the kiosk: fonts, translations and, later, the policy registry."""
