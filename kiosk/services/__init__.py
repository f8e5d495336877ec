"""Use cases. Each runs in one unit of work and returns plain data."""
