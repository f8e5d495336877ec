"""The retention purge."""
