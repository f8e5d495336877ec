"""The web portal's use cases: signing hosts in by emailed link, and a host's own guests."""
