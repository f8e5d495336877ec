"""Reads and writes of guests' own privacy requests and the links that prove them."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from kiosk.store.base import columns_for
from kiosk.store.rights_models import PrivacyLink, PrivacyRequest


@dataclass(frozen=True)
class ProvedLink:
    subject_ids: list[int]
    language: str
    proof: str
    """How the person proved themselves (a fixed code), recorded with their requests."""


@dataclass(frozen=True)
class RequestRecord:
    id: int
    subject_ref: str
    kind: str
    field: str | None
    """The field a correction is about."""
    language: str
    proof: str
    proved_at: datetime
    due_at: datetime
    alerted_at: datetime | None
    answered_at: datetime | None
    outcome: str | None
    reason: str | None


class RightsRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add_link(
        self,
        site_id: int,
        digest: bytes,
        subject_ids: list[int],
        language: str,
        proof: str,
        expires_at: datetime,
    ) -> None:
        self._session.execute(
            insert(PrivacyLink).values(
                site_id=site_id,
                digest=digest,
                subject_ids=subject_ids,
                language=language,
                proof=proof,
                expires_at=expires_at,
            )
        )

    def use_link(
        self, site_id: int, digest: bytes, session_digest: bytes, now: datetime, ends: datetime
    ) -> ProvedLink | None:
        """Marks the unused, unexpired link of this digest used, opening a session of
        ``session_digest`` until ``ends``; None for no such link (two tabs: one wins)."""
        used = self._session.execute(
            update(PrivacyLink)
            .where(
                PrivacyLink.site_id == site_id,
                PrivacyLink.digest == digest,
                PrivacyLink.used_at.is_(None),
                PrivacyLink.expires_at > now,
            )
            .values(used_at=now, session_digest=session_digest, session_ends_at=ends)
            .returning(PrivacyLink.subject_ids, PrivacyLink.language, PrivacyLink.proof)
        ).one_or_none()
        return ProvedLink(list(used[0]), used[1], used[2]) if used else None

    def session(self, site_id: int, session_digest: bytes, now: datetime) -> ProvedLink | None:
        row = self._session.execute(
            select(PrivacyLink.subject_ids, PrivacyLink.language, PrivacyLink.proof).where(
                PrivacyLink.site_id == site_id,
                PrivacyLink.session_digest == session_digest,
                PrivacyLink.session_ends_at > now,
            )
        ).one_or_none()
        return ProvedLink(list(row[0]), row[1], row[2]) if row else None

    def forget_links(self, before: datetime) -> None:
        """Links, and the sessions they opened, over before ``before``."""
        self._session.execute(
            delete(PrivacyLink).where(
                PrivacyLink.expires_at < before,
                (PrivacyLink.session_ends_at.is_(None)) | (PrivacyLink.session_ends_at < before),
            )
        )

    def add_request(
        self,
        site_id: int,
        subject_ref: str,
        kind: str,
        language: str,
        proof: str,
        now: datetime,
        due: datetime,
        field: str | None = None,
    ) -> int:
        return self._session.scalar(
            insert(PrivacyRequest)
            .values(
                site_id=site_id,
                subject_ref=subject_ref,
                kind=kind,
                field=field,
                language=language,
                proof=proof,
                proved_at=now,
                due_at=due,
            )
            .returning(PrivacyRequest.id)
        )

    def requests(
        self, site_id: int, *, open_only: bool = False, of: list[str] | None = None
    ) -> list[RequestRecord]:
        """The site's requests, the oldest first: only those not answered yet with
        ``open_only``; only those of these references with ``of``."""
        query = select(*columns_for(PrivacyRequest, RequestRecord)).where(
            PrivacyRequest.site_id == site_id
        )
        if open_only:
            query = query.where(PrivacyRequest.answered_at.is_(None))
        if of is not None:
            query = query.where(PrivacyRequest.subject_ref.in_(of))
        rows = self._session.execute(query.order_by(PrivacyRequest.proved_at, PrivacyRequest.id))
        return [RequestRecord(*row) for row in rows]

    def get(self, site_id: int, request_id: int) -> RequestRecord | None:
        row = self._session.execute(
            select(*columns_for(PrivacyRequest, RequestRecord)).where(
                PrivacyRequest.site_id == site_id, PrivacyRequest.id == request_id
            )
        ).one_or_none()
        return RequestRecord(*row) if row else None

    def mark_alerted(self, request_ids: list[int], now: datetime) -> None:
        self._session.execute(
            update(PrivacyRequest).where(PrivacyRequest.id.in_(request_ids)).values(alerted_at=now)
        )

    def answer(self, request_id: int, outcome: str, reason: str | None, now: datetime) -> None:
        self._session.execute(
            update(PrivacyRequest)
            .where(PrivacyRequest.id == request_id, PrivacyRequest.answered_at.is_(None))
            .values(answered_at=now, outcome=outcome, reason=reason)
        )

    def forget_requests(self, site_id: int, answered_before: datetime, dry_run: bool) -> int:
        """Requests answered before ``answered_before`` (their record's retention is over):
        removed, or only counted with ``dry_run``; how many."""
        over = (
            PrivacyRequest.site_id == site_id,
            PrivacyRequest.answered_at < answered_before,
        )
        if dry_run:
            return self._session.scalar(select(func.count()).where(*over))
        return self._session.execute(delete(PrivacyRequest).where(*over)).rowcount
