"""Reading feedback: what the public sees (published words and counts), the moderation
queue, and everything on one contract for its commissioner."""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from portal import clock
from portal.errors import NotFound
from portal.extensions import db
from portal.models import Contract, Opportunity, ServiceFeedback
from portal.models.feedback import RATING_QUESTIONS

_PUBLISHED = ServiceFeedback.status == "published"


@dataclass
class RatingSummary:
    code: str
    question: str
    answers: int
    average: Decimal | None  # from 1 (no, not at all) to 5 (yes, completely), to one place


@dataclass
class FeedbackSummary:
    """Counts and averages of published feedback: open data, never anyone's words."""

    published: int
    ratings: list[RatingSummary]


def public_contract(contract_id: int) -> Contract:
    """A contract whose award notice anyone may read: feedback is given on those only."""
    found = db.session.scalar(select(Contract).join(Contract.opportunity).where(
        Contract.id == contract_id, Opportunity.published_clause(clock.now())))
    if found is None:
        raise NotFound()
    return found


def get_feedback(feedback_id: int) -> ServiceFeedback:
    """One piece of feedback; whoever asks for it has had their permission checked."""
    feedback = db.session.get(ServiceFeedback, feedback_id)
    if feedback is None:
        raise NotFound()
    return feedback


def summary(contract_id: int) -> FeedbackSummary:
    """How many published pieces and the average answer to each question, in one query."""
    columns = [func.count()]
    for code in RATING_QUESTIONS:
        rating = getattr(ServiceFeedback, f"rating_{code}")
        columns += [func.count(rating), func.avg(rating)]
    row = db.session.execute(select(*columns).where(
        ServiceFeedback.contract_id == contract_id, _PUBLISHED)).one()
    ratings = [RatingSummary(code, question, row[1 + 2 * n], _one_place(row[2 + 2 * n]))
               for n, (code, question) in enumerate(RATING_QUESTIONS.items())]
    return FeedbackSummary(row[0], ratings)


def _one_place(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.1"))


def published(contract_id: int) -> list[ServiceFeedback]:
    """Published feedback on a contract, newest first."""
    return list(db.session.scalars(select(ServiceFeedback).where(
        ServiceFeedback.contract_id == contract_id, _PUBLISHED)
        .order_by(ServiceFeedback.moderated_at.desc(), ServiceFeedback.id.desc())))


def on_contract(contract_id: int) -> list[ServiceFeedback]:
    """Everything given on a contract, whatever its status, newest first (the commissioner)."""
    return list(db.session.scalars(select(ServiceFeedback).where(
        ServiceFeedback.contract_id == contract_id)
        .order_by(ServiceFeedback.submitted_at.desc(), ServiceFeedback.id.desc())))


def waiting() -> list[ServiceFeedback]:
    """The moderation queue, oldest first: nobody waits behind newer feedback."""
    return list(db.session.scalars(select(ServiceFeedback).where(
        ServiceFeedback.status == "waiting")
        .order_by(ServiceFeedback.submitted_at, ServiceFeedback.id)))


def summary_sentences(found: FeedbackSummary) -> list[str]:
    """The summary in words, for a library entry that cites it."""
    if not found.published:
        return []
    people = "person" if found.published == 1 else "people"
    lines = [f"{found.published} {people} who used the service, or spoke for someone who "
             "did, gave feedback that was published after moderation."]
    lines += [f"{rating.question} {rating.average} out of 5 on average ({rating.answers} "
              f"{'answer' if rating.answers == 1 else 'answers'})"
              for rating in found.ratings if rating.answers]
    return lines
