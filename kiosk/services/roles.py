"""Who may do what, named once for the portal's pages, the services and the command line.

A host (no role) sees and changes only their own guests. *Reception* works the desk: expected
and on-site guests, what needs attention, registering a guest for any host, the deny list and
the directory. An *admin* may do all that reception may, and also gives the team their
accounts, brings a directory entry back, and does the privacy work (requests, records, the
audit log, retention). To anyone who may not, such a page or action does not exist.
"""

from enum import StrEnum

from kiosk.errors import NotFound


class Role(StrEnum):
    RECEPTION = "reception"
    ADMIN = "admin"


def may(role: str | None, needed: Role) -> bool:
    """Whether someone of ``role`` (None: a host) may do what ``needed`` may."""
    return role == needed or role == Role.ADMIN


def require(role: str | None, needed: Role = Role.RECEPTION) -> None:
    """NotFound, as for a page that does not exist, to anyone who may not."""
    if not may(role, needed):
        raise NotFound("no such page", reason="no_page")
