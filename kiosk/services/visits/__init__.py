"""Visits: checking guests in and out, walk-ins, who is on site, the end of the day."""
