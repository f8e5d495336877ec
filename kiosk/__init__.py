"""Lobby kiosk: visitor check-in and badges that can prove why each personal value is held."""

__version__ = "0.1.0"
