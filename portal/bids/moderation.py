"""A panel's scores: each evaluator's own, submitted alone; the spread the chair moderates;
and the evaluation matrix.

An evaluator sees nobody else's scores for a bid until they have submitted their own for it,
and their own are fixed from then on, so no score is anchored on another. Where a bid has a
single evaluator (a panel of one, or everyone else declared a conflict), their own scores
are the consensus.
"""

from dataclasses import dataclass, field

from sqlalchemy import select

from portal import audit, permissions
from portal.bids import evaluation, panel
from portal.errors import PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.models import SCORE_LABELS, Bid, Opportunity, PanelScore

# Evaluators this far apart on a criterion must talk it through before a consensus.
DISAGREEMENT = 2


def submit_own_scores(bid: Bid, scores: dict[int, tuple[int | None, str]], *, actor) -> None:
    """An evaluator's own scores for the bid (criterion id -> (0..4 or None, comment)), all
    at once and once only. Price may be left to the formula; every other criterion needs a
    score."""
    opportunity = bid.opportunity
    if not (opportunity.panel and permissions.can_evaluate(actor, opportunity)
            and permissions.evaluates_bid(actor, bid)) or bid.status != "submitted":
        raise PermissionDenied()
    if not may_still_score(bid, actor):
        raise ValidationFailed("You have already submitted your scores for this bid", "scores")
    errors = {}
    for criterion in opportunity.criteria:
        value, _comment = scores.get(criterion.id, (None, ""))
        if value is None and criterion.kind != "price":
            errors[f"score-{criterion.id}"] = f"Choose a score for {criterion.title}"
        elif value is not None and value not in SCORE_LABELS:
            errors[f"score-{criterion.id}"] = "Choose a score from 0 to 4"
    if errors:
        raise ValidationFailed(errors)
    for criterion in opportunity.criteria:
        value, comment = scores.get(criterion.id, (None, ""))
        db.session.add(PanelScore(bid=bid, criterion_id=criterion.id, evaluator_id=actor.id,
                                  score=value, comment=comment.strip()))
    audit.record("panel.scored", bid, actor=actor, opportunity=opportunity.id,
                 scores={str(k): v[0] for k, v in scores.items()})
    if [m.user_id for m in panel.bid_evaluators(bid)] == [actor.id]:
        evaluation._write_scores(bid, scores, actor=actor)  # alone: the consensus


def may_still_score(bid: Bid, actor) -> bool:
    """Whether the evaluator may (still) score the bid: with no panel formed, until the
    intention to award; on a panel, once only (their own scores are fixed once submitted)."""
    if not permissions.can_evaluate(actor, bid.opportunity):
        return False
    return not (bid.opportunity.panel and panel.has_submitted(bid, actor))


@dataclass
class CriterionSpread:
    """Every evaluator's score and comment on one criterion of one bid, and the consensus."""

    criterion: object
    entries: list[PanelScore] = field(default_factory=list)
    consensus: object = None

    @property
    def scored(self) -> list[int]:
        return [e.score for e in self.entries if e.score is not None]

    @property
    def range(self) -> tuple[int, int] | None:
        return (min(self.scored), max(self.scored)) if self.scored else None

    @property
    def disagree(self) -> bool:
        low_high = self.range
        return low_high is not None and low_high[1] - low_high[0] >= DISAGREEMENT


def may_see_panel_scores(bid: Bid, actor) -> bool:
    """An evaluator of the bid who has submitted their own scores for it (with no panel
    formed, there are no other evaluators to see)."""
    return (bool(bid.opportunity.panel) and permissions.evaluates_bid(actor, bid)
            and panel.has_submitted(bid, actor))


def spread(bid: Bid, *, actor) -> list[CriterionSpread]:
    """Per criterion, each evaluator's own score and comment, with the consensus so far."""
    if not may_see_panel_scores(bid, actor):
        raise PermissionDenied()
    rows = db.session.scalars(select(PanelScore).where(PanelScore.bid_id == bid.id)
                              .order_by(PanelScore.evaluator_id)).all()
    consensus = {s.criterion_id: s for s in bid.scores}
    return [CriterionSpread(c, [r for r in rows if r.criterion_id == c.id], consensus.get(c.id))
            for c in bid.opportunity.criteria]


def own_scores(bid: Bid, actor) -> dict[int, PanelScore]:
    return {s.criterion_id: s for s in db.session.scalars(select(PanelScore).where(
        PanelScore.bid_id == bid.id, PanelScore.evaluator_id == actor.id))}


MATRIX_HEADER = ["Bidder", "Bid reference", "Criterion", "Weight", "Evaluator", "Score",
                 "Comment or reason"]


def matrix(opportunity: Opportunity, *, actor) -> list[list]:
    """The evaluation matrix for the panel: per bid the actor takes part in, each
    evaluator's score and comment per criterion (once the actor has submitted their own for
    that bid) and the consensus with its reason."""
    if not permissions.can_evaluate(actor, opportunity) or permissions.must_declare_conflicts(
            actor, opportunity):
        raise PermissionDenied()
    rows = []
    for bid in evaluation.bids_received(opportunity, actor=actor):
        if not permissions.evaluates_bid(actor, bid):
            continue
        spreads = spread(bid, actor=actor) if may_see_panel_scores(bid, actor) else [
            CriterionSpread(c, [], next((s for s in bid.scores if s.criterion_id == c.id), None))
            for c in opportunity.criteria]
        for item in spreads:
            start = [bid.organisation.name, bid.reference, item.criterion.title,
                     item.criterion.weight]
            rows += [start + [e.evaluator.name, _shown(e.score, item.criterion), e.comment]
                     for e in item.entries]
            score = item.consensus.score if item.consensus else None
            rows.append(start + ["Consensus", _shown(score, item.criterion),
                                 item.consensus.comment if item.consensus else ""])
    return rows


def _shown(score: int | None, criterion) -> object:
    if score is not None:
        return score
    return "formula" if criterion.kind == "price" else ""
