"""The touch-screen app (Kivy). Only this package imports Kivy, and only when the kiosk runs."""
