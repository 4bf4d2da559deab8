"""Intention to award, standstill and challenge: the steps between the consensus ranking
and the award (`evaluation.award`, which makes the public notice and the contract).

The chair notifies the intention: every bidder gets its debrief (its own scores and the
consensus reasons, the intended winner's scores, the relative advantages of the winning bid,
the winner's name and the end of the standstill). During the standstill any bidder may raise
a challenge; the commissioner answers it. The chair may withdraw the intention (back to
evaluation), or confirm it once the standstill is over with no challenge left open.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from portal import audit, clock, permissions, uploads
from portal.bids import evaluation, panel
from portal.errors import NotFound, PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.models import (
    SCORE_LABELS,
    STANDSTILL_DAYS,
    STANDSTILL_MAX_DAYS,
    AwardIntention,
    Bid,
    Challenge,
    ChallengeDocument,
    Contract,
    Opportunity,
)
from portal.notifications.events import active_members, notify, notify_members
from portal.opportunities.services import require_transition
from portal.urls import external_url

# A challenge carries its grounds and up to this many supporting documents.
CHALLENGE_DOCUMENTS = 5

def _require_decider(opportunity: Opportunity, actor) -> None:
    if not permissions.can_decide_award(actor, opportunity):
        raise PermissionDenied()


def _current(opportunity: Opportunity) -> AwardIntention:
    intention = opportunity.current_intention
    if intention is None or intention.confirmed_at is not None:
        raise ValidationFailed("There is no intention to award waiting", "intention")
    return intention


def notify_intention(opportunity: Opportunity, winner: Bid, *, starts_on: date, ends_on: date,
                     standstill_days: int, advantages: str, actor) -> AwardIntention:
    """Tell every bidder who the chair intends to award to, with its debrief, and start the
    standstill. Every bid must have its consensus scores (as for the award itself)."""
    if not permissions.can_moderate(actor, opportunity):
        raise PermissionDenied()
    require_transition(opportunity, "award")
    ranked = evaluation.ranked_for_award(opportunity, winner, starts_on, ends_on, actor=actor)
    if not STANDSTILL_DAYS <= standstill_days <= STANDSTILL_MAX_DAYS:
        raise ValidationFailed(f"The standstill must be {STANDSTILL_DAYS} to "
                               f"{STANDSTILL_MAX_DAYS} days", "standstill_days")
    if not advantages.strip():
        raise ValidationFailed("Describe the relative advantages of the winning bid: every "
                               "bidder reads them", "advantages")
    intention = AwardIntention(opportunity=opportunity, bid=winner, starts_on=starts_on,
                               ends_on=ends_on, standstill_days=standstill_days,
                               advantages=advantages.strip(), notified_by_id=actor.id,
                               notified_at=clock.now())
    db.session.add(intention)
    db.session.flush()
    audit.record("opportunity.intention_notified", opportunity, actor=actor,
                 bid=winner.reference, standstill_days=standstill_days,
                 standstill_ends_at=intention.standstill_ends_at.isoformat())
    for result in ranked:
        _send_debrief(result.bid, intention)
    return intention


def _send_debrief(bid: Bid, intention: AwardIntention) -> None:
    brief = _debrief_of(bid, intention)
    for member in active_members(bid.organisation_id):
        notify(member, "award_intention", f"Intention to award: {bid.opportunity.title}",
               link=external_url("bids.detail", reference=bid.reference, _anchor="debrief"),
               brief=brief, labels=SCORE_LABELS)


@dataclass
class Debrief:
    """What one bidder is told: its own result and the intended winner's, nothing of any
    other bid."""

    bid: Bid
    intention: AwardIntention
    mine: evaluation.Result
    winning: evaluation.Result
    bidders: int

    @property
    def successful(self) -> bool:
        return self.bid.id == self.intention.bid_id

    def own_score(self, criterion_id: int):
        return next((s for s in self.bid.scores if s.criterion_id == criterion_id), None)

    def winning_score(self, criterion_id: int):
        return next((s for s in self.intention.bid.scores if s.criterion_id == criterion_id),
                    None)


def _debrief_of(bid: Bid, intention: AwardIntention) -> Debrief:
    bids = panel.submitted_bids(bid.opportunity)
    ranked = evaluation.results(bid.opportunity, bids)
    mine = next(r for r in ranked if r.bid.id == bid.id)
    winning = next(r for r in ranked if r.bid.id == intention.bid_id)
    return Debrief(bid, intention, mine, winning, len(ranked))


def debrief(bid: Bid, *, actor) -> Debrief | None:
    """The bidder's debrief on its bid page, from the intention on (None before one)."""
    if not permissions.can_see_debrief(actor, bid):
        return None
    return _debrief_of(bid, bid.opportunity.current_intention)


def withdraw_intention(opportunity: Opportunity, reason: str, *, actor) -> None:
    """Back to evaluation: the chair may revise the consensus and notify a new intention.
    Every bidder is told."""
    _require_decider(opportunity, actor)
    intention = _current(opportunity)
    if not reason.strip():
        raise ValidationFailed("Say why the intention is withdrawn: every bidder is told",
                               "reason")
    intention.withdrawn_at, intention.withdrawn_reason = clock.now(), reason.strip()
    audit.record("opportunity.intention_withdrawn", opportunity, actor=actor,
                 reason=reason.strip())
    for bid in panel.submitted_bids(opportunity):
        notify_members(bid.organisation_id, "award_intention_withdrawn",
                       f"Intention to award withdrawn: {opportunity.title}",
                       link=external_url("bids.detail", reference=bid.reference),
                       opportunity=opportunity, reason=intention.withdrawn_reason)


def confirm(opportunity: Opportunity, *, actor) -> Contract:
    """After the standstill, with no challenge open, the award is made: the public notice,
    the contract, every bidder's outcome email."""
    _require_decider(opportunity, actor)
    intention = _current(opportunity)
    if intention.in_standstill(clock.now()):
        raise ValidationFailed(f"You can confirm the award when the standstill ends, at "
                               f"{clock.uk_time(intention.standstill_ends_at)}", "intention")
    if intention.open_challenges:
        raise ValidationFailed("Answer every challenge before you confirm the award",
                               "intention")
    intention.confirmed_at = clock.now()
    contract = evaluation.award(opportunity, intention, actor=actor)
    audit.record("opportunity.intention_confirmed", opportunity, actor=actor,
                 contract=contract.id)
    return contract


def raise_challenge(bid: Bid, grounds: str, documents=(), *, actor) -> Challenge:
    """A bidder challenges the intended award during the standstill, with its grounds and
    any supporting documents (at most CHALLENGE_DOCUMENTS); the commissioning side is told
    at once."""
    if not permissions.can_challenge(actor, bid):
        raise PermissionDenied()
    if not grounds.strip():
        raise ValidationFailed("Enter the grounds of your challenge", "grounds")
    chosen = [document for document in documents or () if document and document.filename]
    if len(chosen) > CHALLENGE_DOCUMENTS:
        raise ValidationFailed(f"Attach at most {CHALLENGE_DOCUMENTS} documents",
                               "challenge_document")
    intention = bid.opportunity.current_intention
    challenge = Challenge(intention=intention, bid=bid, raised_by_id=actor.id,
                          grounds=grounds.strip(), raised_at=clock.now())
    for document in chosen:
        stored = uploads.save_attachment(document, field="challenge_document")
        challenge.documents.append(ChallengeDocument(
            stored_name=stored.name, filename=stored.filename,
            content_type=stored.content_type, size_bytes=stored.size_bytes))
    db.session.add(challenge)
    db.session.flush()
    audit.record("opportunity.challenge_raised", bid.opportunity, actor=actor,
                 bid=bid.reference, challenge=challenge.id)
    for person in deciders(bid.opportunity):
        notify(person, "challenge_raised", f"Challenge to the intended award: "
               f"{bid.opportunity.title}",
               link=external_url("bids.award", opportunity_id=bid.opportunity_id),
               challenge=challenge, opportunity=bid.opportunity)
    return challenge


def get_challenge(opportunity: Opportunity, challenge_id: int, *, actor) -> Challenge:
    _require_decider(opportunity, actor)
    challenge = db.session.get(Challenge, challenge_id)
    if challenge is None or challenge.intention.opportunity_id != opportunity.id:
        raise NotFound()
    return challenge


def answer_challenge(challenge: Challenge, answer: str, *, actor) -> None:
    """The commissioner's answer closes the challenge; the challenger is told."""
    opportunity = challenge.intention.opportunity
    _require_decider(opportunity, actor)
    if challenge.answered_at is not None:
        raise ValidationFailed("This challenge has been answered", "answer")
    if not answer.strip():
        raise ValidationFailed("Enter your answer to the challenge", "answer")
    challenge.answer, challenge.answered_at = answer.strip(), clock.now()
    challenge.answered_by_id = actor.id
    audit.record("opportunity.challenge_answered", opportunity, actor=actor,
                 challenge=challenge.id)
    notify_members(challenge.bid.organisation_id, "challenge_answered",
                   f"Your challenge is answered: {opportunity.title}",
                   link=external_url("bids.detail", reference=challenge.bid.reference,
                                     _anchor="challenges"),
                   challenge=challenge, opportunity=opportunity)


def challenge_document(bid: Bid, reference: str, *, actor) -> ChallengeDocument:
    """The challenger's organisation and the deciders read a challenge's documents."""
    document = db.session.scalar(select(ChallengeDocument).where(
        ChallengeDocument.reference == reference[:24]))
    if document is None or document.challenge.bid_id != bid.id or not (
            permissions.can_see_debrief(actor, bid)
            or permissions.can_decide_award(actor, bid.opportunity)):
        raise NotFound()
    return document


def deciders(opportunity: Opportunity) -> list:
    """Who decides the award: the panel's chair, or the owning body's commissioners."""
    chair = next((m for m in opportunity.panel if m.is_chair and m.user is not None), None)
    return [chair.user] if chair is not None else active_members(opportunity.organisation_id)
