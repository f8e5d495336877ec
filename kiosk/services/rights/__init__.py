"""Data-subject requests: access export, erasure, consent withdrawal, legal holds."""
