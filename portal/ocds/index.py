"""Which releases exist and when, read straight from the event columns (no release is built),
so a page of the release list, newest first, is found before any release is made."""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import literal, select

from portal import clock
from portal.errors import ValidationFailed
from portal.extensions import db
from portal.models import (
    Amendment,
    ClarificationQuestion,
    Contract,
    ContractVariation,
    Opportunity,
    OutcomeReport,
)
from portal.ocds.releases import Stage

MAX_LIMIT = 100


def _published():
    return Opportunity.published_clause(clock.now())


def _rows():
    """(opportunity id, kind, number, date) of every release, in no particular order."""
    opportunity = db.session.execute(select(
        Opportunity.id, Opportunity.published_at, Opportunity.cancelled_at,
        Opportunity.not_awarded_at).where(_published())).all()
    for number, published, cancelled, not_awarded in opportunity:
        yield number, "tender", 1, published
        if cancelled is not None:
            yield number, "tenderCancellation", 1, cancelled
        if not_awarded is not None:
            yield number, "unsuccessful", 1, not_awarded
    for kind, model, date in (("tenderAmendment", Amendment, Amendment.created_at),
                              ("enquiry", ClarificationQuestion,
                               ClarificationQuestion.answered_at)):
        yield from ((o, kind, n, d) for o, n, d in db.session.execute(
            select(model.opportunity_id, model.id, date).join(Opportunity)
            .where(_published(), date.is_not(None))))
    for o, n, d in db.session.execute(select(Contract.opportunity_id, Contract.id,
                                             Contract.awarded_at)):
        yield from ((o, kind, n, d) for kind in ("award", "contract"))
    yield from db.session.execute(
        select(Contract.opportunity_id, literal("contractAmendment"), ContractVariation.id,
               ContractVariation.recorded_at).join(Contract))
    yield from ((o, "implementation", n, d) for o, n, d in db.session.execute(
        select(Contract.opportunity_id, OutcomeReport.id, OutcomeReport.decided_at)
        .join(Contract).where(OutcomeReport.status == "confirmed",
                              OutcomeReport.decided_at.is_not(None))))


def all_stages() -> list[Stage]:
    """Every release up to now, oldest first."""
    now = clock.now()
    return sorted((Stage(*row) for row in _rows() if row[3] <= now),
                  key=lambda stage: (stage.order, stage.opportunity_id))


@dataclass
class Page:
    stages: list[Stage]
    next_cursor: str | None


def encode_cursor(stage: Stage) -> str:
    raw = json.dumps([stage.date.isoformat(), stage.id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    """The last release a client was given; ValidationFailed for anything we did not issue."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        moment, identifier = json.loads(text)
        moment = datetime.fromisoformat(moment)
        if moment.tzinfo is None:
            raise ValueError("a cursor's date has its zone")
        return moment, str(identifier)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise ValidationFailed({"cursor": "cursor must be the value of links.next from an "
                                          "earlier page"}) from None


def newest_first(*, since: datetime | None, until: datetime | None, cursor: str | None,
                 limit: int) -> Page:
    """One page of releases, newest first, dated between `since` and `until` (inclusive)."""
    stages = [s for s in reversed(all_stages())
              if (since is None or s.date >= since) and (until is None or s.date <= until)]
    if cursor:
        moment, identifier = decode_cursor(cursor)
        position = next((i for i, s in enumerate(stages) if s.id == identifier), None)
        if position is None:  # that release is outside the filters: go by its date alone
            position = next((i - 1 for i, s in enumerate(stages) if s.date < moment),
                            len(stages) - 1)
        stages = stages[position + 1:]
    page = stages[:limit]
    more = len(stages) > limit
    return Page(page, encode_cursor(page[-1]) if more and page else None)
