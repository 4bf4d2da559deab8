"""After the deadline: reading bids, scoring them, ranking them and awarding the contract.

Scoring rule (shown to commissioners and bidders):
- a quality or social value criterion scores 0 to 4 and earns score ÷ 4 × its weight;
- price earns lowest price ÷ this price × its weight, unless the commissioner scores
  price on the 0 to 4 scale like the others;
- the total is out of 100; bids rank by total, highest first (equal totals share a rank).
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select

from portal import audit, clock, permissions
from portal.alerts.follows import followers
from portal.alerts.services import item_published as tell_alerts
from portal.bids import panel
from portal.errors import NotFound, PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.models import (
    SCORE_LABELS,
    AwardIntention,
    Bid,
    BidAttachment,
    Contract,
    EvaluationCriterion,
    Innovation,
    LibraryEntry,
    Opportunity,
    Score,
    User,
)
from portal.notifications.events import notify
from portal.opportunities.services import require_transition
from portal.urls import external_url

TWO_PLACES = Decimal("0.01")


def bids_received(opportunity: Opportunity, *, actor) -> list[Bid]:
    """Submitted bids (withdrawn ones excluded), once the opportunity has closed."""
    if not permissions.can_view_bids_received(actor, opportunity):
        raise PermissionDenied()
    return list(db.session.scalars(
        select(Bid).where(Bid.opportunity_id == opportunity.id, Bid.status == "submitted")
        .order_by(Bid.submitted_at)))


def get_received_bid(opportunity: Opportunity, reference: str, *, actor) -> Bid:
    bid = db.session.scalar(select(Bid).where(Bid.reference == reference[:24],
                                              Bid.opportunity_id == opportunity.id))
    if bid is None or not permissions.can_read_bid(actor, bid) or \
            bid.organisation_id == getattr(actor, "organisation_id", None):
        raise NotFound()
    return bid


def record_opening(bid: Bid, *, actor) -> None:
    """The first time anyone outside the bidder reads a bid after closing is audited."""
    if bid.first_opened_at is None:
        bid.first_opened_at = clock.now()
        audit.record("bid.opened", bid, actor=actor, opportunity=bid.opportunity_id)


def save_scores(bid: Bid, scores: dict[int, tuple[int | None, str]], feedback: str, *,
                actor) -> None:
    """Record or revise the consensus scores (criterion id -> (0..4 or None, comment: the
    reason)) until the award: the chair's, once every evaluator of the bid has submitted
    their own; with no panel formed, the commissioner's own scores."""
    opportunity = bid.opportunity
    if not (permissions.can_moderate(actor, opportunity)
            and permissions.evaluates_bid(actor, bid)) or bid.status != "submitted":
        raise PermissionDenied()
    if opportunity.panel:
        _require_panel_scores(bid, scores)
    _write_scores(bid, scores, actor=actor)
    bid.feedback = feedback.strip() or None
    audit.record("bid.scored", bid, actor=actor, opportunity=opportunity.id,
                 scores={str(k): v[0] for k, v in scores.items()})


def _require_panel_scores(bid: Bid, scores: dict[int, tuple[int | None, str]]) -> None:
    """A consensus follows every evaluator's own scores, and says why."""
    waiting = panel.waiting_for(bid)
    if waiting:
        raise ValidationFailed(f"Wait for every evaluator's scores: {len(waiting)} still to "
                               f"submit ({', '.join(m.name for m in waiting)})", "consensus")
    criteria = {c.id: c for c in bid.opportunity.criteria}
    errors = {f"comment-{cid}": f"Give the reason for the consensus on {criteria[cid].title}"
              for cid, (value, comment) in scores.items()
              if value is not None and not comment.strip() and cid in criteria}
    if errors:
        raise ValidationFailed(errors)


def _write_scores(bid: Bid, scores: dict[int, tuple[int | None, str]], *, actor) -> None:
    """Write the consensus rows: a price with no score goes back to the formula."""
    criteria = {c.id: c for c in bid.opportunity.criteria}
    existing = {s.criterion_id: s for s in bid.scores}
    errors = {}
    for criterion_id, (value, comment) in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise NotFound()
        if value is None:
            if criterion.kind != "price" and comment.strip():
                errors[f"score-{criterion_id}"] = f"Choose a score for {criterion.title}"
            if criterion_id in existing and criterion.kind == "price":
                db.session.delete(existing[criterion_id])  # back to the formula
            continue
        if value not in SCORE_LABELS:
            errors[f"score-{criterion_id}"] = "Choose a score from 0 to 4"
            continue
        row = existing.get(criterion_id) or Score(bid=bid, criterion_id=criterion_id)
        row.score, row.comment = value, comment.strip()
        row.scored_by_id, row.scored_at = actor.id, clock.now()
        db.session.add(row)
    if errors:
        raise ValidationFailed(errors)


@dataclass
class Result:
    bid: Bid
    points: dict[int, Decimal | None]  # criterion id -> weighted points (None: not scored)
    total: Decimal
    complete: bool
    rank: int = 0


def _price_points(criterion: EvaluationCriterion, price: Decimal, lowest: Decimal) -> Decimal:
    return (lowest / price * criterion.weight).quantize(TWO_PLACES, ROUND_HALF_UP)


def _score_points(criterion: EvaluationCriterion, score: int) -> Decimal:
    return (Decimal(score) / 4 * criterion.weight).quantize(TWO_PLACES, ROUND_HALF_UP)


def results(opportunity: Opportunity, bids: list[Bid]) -> list[Result]:
    """Weighted points per criterion, totals and ranks for the submitted bids."""
    prices = [b.current_version.price for b in bids]
    lowest = min(prices) if prices else None
    ranked = []
    for bid in bids:
        scored = {s.criterion_id: s.score for s in bid.scores}
        points = {}
        for criterion in opportunity.criteria:
            if criterion.id in scored:
                points[criterion.id] = _score_points(criterion, scored[criterion.id])
            elif criterion.kind == "price":
                points[criterion.id] = _price_points(criterion, bid.current_version.price, lowest)
            else:
                points[criterion.id] = None
        total = sum((p for p in points.values() if p is not None), Decimal(0))
        ranked.append(Result(bid, points, total, all(p is not None for p in points.values())))
    ranked.sort(key=lambda r: r.total, reverse=True)
    for position, result in enumerate(ranked, start=1):
        previous = ranked[position - 2] if position > 1 else None
        result.rank = previous.rank if previous and previous.total == result.total else position
    return ranked


def ranked_for_award(opportunity: Opportunity, winner: Bid, starts_on: date, ends_on: date, *,
                     actor) -> list[Result]:
    """The ranking an award may rest on: the winner is one of the bids received, the dates
    are in order, and every bid has its (consensus) scores on every criterion."""
    bids = bids_received(opportunity, actor=actor)
    if winner not in bids:
        raise ValidationFailed("Choose one of the bids received", "bid")
    if ends_on <= starts_on:
        raise ValidationFailed("The end date must be after the start date", "ends_on")
    ranked = results(opportunity, bids)
    unscored = [r for r in ranked if not r.complete]
    if unscored:
        raise ValidationFailed(f"Score every criterion of every bid first "
                               f"({len(unscored)} bid{'s' if len(unscored) != 1 else ''} "
                               "not fully scored)", "bid")
    return ranked


def award(opportunity: Opportunity, intention: AwardIntention, *, actor) -> Contract:
    """Make the award an intention announced, once confirmed (`bids.award.confirm` checks the
    standstill and the challenges): the notice is public, every bidder is told its own
    scores, rank, the winning score and feedback, and the contract is made."""
    if not permissions.can_decide_award(actor, opportunity) or intention.confirmed_at is None:
        raise PermissionDenied()
    # The same rule as `confirm`, here too: no path makes the award during the standstill or
    # with a challenge unanswered.
    if intention.in_standstill(clock.now()) or intention.open_challenges:
        raise PermissionDenied()
    require_transition(opportunity, "award")
    winner = intention.bid
    ranked = ranked_for_award(opportunity, winner, intention.starts_on, intention.ends_on,
                              actor=actor)
    winning = next(r for r in ranked if r.bid is winner)
    now = clock.now()
    opportunity.awarded_at = now
    contract = Contract(opportunity=opportunity, bid=winner, organisation_id=winner.organisation_id,
                        value=winner.current_version.price, starts_on=intention.starts_on,
                        ends_on=intention.ends_on, awarded_at=now, awarded_by_id=actor.id,
                        winning_score=winning.total)
    contract.derive_schedule()
    db.session.add(contract)
    for result in ranked:
        result.bid.outcome = "successful" if result.bid is winner else "unsuccessful"
    db.session.flush()
    audit.record("opportunity.awarded", opportunity, actor=actor, bid=winner.reference,
                 contract=contract.id, value=str(contract.value), score=str(winning.total))
    for result in ranked:
        _tell_bidder(result, winning, len(ranked))
    _tell_followers(contract, bidders={result.bid.organisation_id for result in ranked})
    tell_alerts("award", contract)
    return contract


def _tell_followers(contract: Contract, *, bidders: set[int]) -> None:
    """Followers outside the bidding organisations read the public award notice; bidders
    already have their own outcome email with their own scores."""
    opportunity = contract.opportunity
    link = external_url("contracts.detail", contract_id=contract.id)
    for follower in followers(opportunity.id):
        if follower.organisation_id in bidders and follower.membership == "active":
            continue
        notify(follower, "opportunity_awarded", f"Awarded: {opportunity.title}",
               opportunity=opportunity, contract=contract, link=link)


def _tell_bidder(result: Result, winning: Result, bidders: int) -> None:
    bid = result.bid
    members = db.session.scalars(select(User).where(
        User.organisation_id == bid.organisation_id, User.membership == "active"))
    successful = bid.outcome == "successful"
    subject = (f"{'Your bid was successful' if successful else 'Outcome of your bid'}: "
               f"{bid.opportunity.title}")
    for member in members:
        notify(member, "award_outcome", subject, bid=bid,
                    result=result, winning=winning, bidders=bidders, successful=successful,
                    criteria=bid.opportunity.criteria, labels=SCORE_LABELS,
                    scores={s.criterion_id: s for s in bid.scores},
                    link=external_url("bids.detail", reference=bid.reference))


def own_result(bid: Bid, *, actor) -> tuple[Result, Result, int]:
    """For a bidder after the award: its own result, the winning result, how many bid."""
    if not permissions.can_see_own_evaluation(actor, bid):
        raise PermissionDenied()
    bids = list(db.session.scalars(select(Bid).where(
        Bid.opportunity_id == bid.opportunity_id, Bid.status == "submitted")))
    ranked = results(bid.opportunity, bids)
    mine = next(r for r in ranked if r.bid.id == bid.id)
    winning = next(r for r in ranked if r.bid.outcome == "successful")
    return mine, winning, len(ranked)


@dataclass
class SubmittedEvidence:
    innovations: list
    library_entries: list
    attachments: list


def submitted_evidence(bid: Bid) -> SubmittedEvidence:
    """What the version that counts cites and attaches (not the bidder's later working copy)."""

    content = bid.current_version.content

    def load(model, ids):
        if not ids:
            return []
        return list(db.session.scalars(select(model).where(model.id.in_(ids))
                                       .order_by(model.id)))

    attachments = [a for a in load(BidAttachment, content.get("attachments", []))
                   if a.bid_id == bid.id]
    return SubmittedEvidence(load(Innovation, content.get("evidence", [])),
                             load(LibraryEntry, content.get("library_evidence", [])),
                             attachments)
