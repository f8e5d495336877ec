"""What reception sees and does about guests the kiosk could not help: the open alerts, with
who and why (staff only), admitting a guest after checking them, reprinting, resolving."""

from dataclasses import dataclass
from datetime import datetime

from kiosk.clock import utc_now
from kiosk.errors import NotFound
from kiosk.services.alert_reasons import AlertReason
from kiosk.services.directory.hosts import host_view
from kiosk.services.kiosk import Kiosk
from kiosk.services.outbox.badges import reprint
from kiosk.services.outbox.queue import alert_reception
from kiosk.services.visits.admission import CheckIn
from kiosk.services.visits.check_in import check_in


@dataclass(frozen=True)
class AlertView:
    id: int
    reason: str
    at: datetime
    kiosk_id: str
    guest_name: str
    host_name: str
    badge_number: int | None
    can_admit: bool
    """A refused check-in of an invitation: staff may admit the guest after checking them."""
    can_reprint: bool
    times: int
    """How often it was raised while open (the same code tried again, say)."""


def raise_alert(kiosk: Kiosk, reason: str, invitation_id: int | None = None) -> None:
    """An alert from the lobby itself (a code refused, a guest who says "not me")."""
    now = utc_now()
    with kiosk.unit_of_work() as uow:
        invitation = uow.invitations.get(kiosk.site.id, invitation_id) if invitation_id else None
        alert_reception(
            uow,
            kiosk,
            reason,
            now,
            subject_id=invitation.guest_subject_id if invitation else None,
            invitation_id=invitation_id,
        )
        uow.commit()


def open_alerts(kiosk: Kiosk) -> list[AlertView]:
    views = []
    with kiosk.unit_of_work() as uow:
        for alert in uow.alerts.open(kiosk.site.id):
            subject = uow.subjects.get(alert.subject_id) if alert.subject_id else None
            name = kiosk.gateway.by_field(uow, subject).get("visitor.name", "") if subject else ""
            visit = uow.visits.get(kiosk.site.id, alert.visit_id) if alert.visit_id else None
            invitation = (
                uow.invitations.get(kiosk.site.id, alert.invitation_id)
                if alert.invitation_id
                else None
            )
            host_id = visit.host_id if visit else invitation.host_id if invitation else None
            views.append(
                AlertView(
                    id=alert.id,
                    reason=alert.reason,
                    at=alert.created_at,
                    kiosk_id=alert.kiosk_id,
                    guest_name=name,
                    host_name=host_view(uow, kiosk, uow.hosts.get(host_id)).name if host_id else "",
                    badge_number=visit.badge_number if visit else None,
                    can_admit=invitation is not None and visit is None,
                    can_reprint=visit is not None and alert.reason == AlertReason.NOT_PRINTED,
                    times=alert.times,
                )
            )
    return views


def resolve_alert(kiosk: Kiosk, alert_id: int, actor: str) -> None:
    with kiosk.unit_of_work() as uow:
        uow.alerts.resolve(kiosk.site.id, alert_id, actor, utc_now())
        uow.commit()


def _open_alert(kiosk: Kiosk, alert_id: int):
    with kiosk.unit_of_work() as uow:
        alert = uow.alerts.get(kiosk.site.id, alert_id)
    if alert is None:
        raise NotFound("this alert was already handled", reason="alert_handled")
    return alert


def admit(kiosk: Kiosk, alert_id: int, actor: str) -> CheckIn:
    """Checks in the guest of a refused check-in, whom staff have now checked themselves; the
    alert closes with the check-in."""
    alert = _open_alert(kiosk, alert_id)
    if alert.invitation_id is None:
        raise NotFound("this alert names no invitation to admit", reason="alert_without_invitation")
    return check_in(kiosk, alert.invitation_id, admitted_by=actor, answering=alert_id)


def reprint_for(kiosk: Kiosk, alert_id: int) -> None:
    """Queues the badge of the alert's visit again; the alert closes when it prints."""
    alert = _open_alert(kiosk, alert_id)
    if alert.visit_id is None:
        raise NotFound("this alert names no badge to reprint", reason="alert_without_badge")
    reprint(kiosk, alert.visit_id)
