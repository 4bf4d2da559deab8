"""Writing, submitting, amending and withdrawing bids.

Sealed: every read goes through `get_bid`, which answers NotFound (never "forbidden")
to anyone outside the bidding organisation before closes_at. The deadline is judged
twice: when the service runs and again by the session's before_commit hook, so a
submission that reaches the commit after closes_at is refused whatever the form said.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import delete, event, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal import audit, clock, permissions, uploads
from portal.errors import NotFound, PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.models import (
    Bid,
    BidAttachment,
    BidCitation,
    BidCommitment,
    BidEvidence,
    BidImprovement,
    BidResponse,
    BidVersion,
    Innovation,
    LibraryEntry,
    Opportunity,
    OutboundEmail,
    User,
)
from portal.notifications.events import notify, sealed_with_bids
from portal.notifications.outbox import retry_failed
from portal.urls import external_url

DEADLINE_PASSED = ("The deadline for bids passed at {closes}. Your bid was not submitted: "
                   "bids arriving after the deadline cannot be accepted.")
# The most an answer may hold, whatever its word limit: a bound on what one request stores.
ANSWER_MAX_CHARACTERS = 50_000
CHANGED_MEANWHILE = ("This bid was changed, submitted or withdrawn by someone else while you "
                     "were working on it. Check the latest version and try again.")


class ConcurrentChange(ValidationFailed):
    """Someone else changed the bid between reading and writing it."""

    def __init__(self):
        super().__init__(CHANGED_MEANWHILE, "revision")


@dataclass
class BidInput:
    """The working copy as the form sends it."""

    price: Decimal | None = None
    responses: dict[int, str] = field(default_factory=dict)  # criterion id -> answer
    commitments: dict[int, Decimal | None] = field(default_factory=dict)  # clause id -> qty
    improvements: dict[int, tuple[Decimal | None, int | None]] = field(default_factory=dict)
    # Innovation ids and library entry ids cited; None leaves the evidence unchanged.
    evidence: list[int] | None = None
    library_evidence: list[int] | None = None


def get_bid(reference: str, *, actor) -> Bid:
    """The bid if the actor may read it; NotFound otherwise, whether or not it exists."""
    bid = db.session.scalar(select(Bid).where(Bid.reference == reference[:24]))
    if bid is None or not permissions.can_read_bid(actor, bid):
        raise NotFound()
    return bid


def start_bid(opportunity: Opportunity, *, actor) -> Bid:
    """The organisation's bid on the opportunity, created the first time (one per organisation)."""
    if not permissions.can_start_bid(actor, opportunity):
        raise PermissionDenied()
    existing = _own_bid(opportunity, actor)
    if existing:
        return existing
    try:
        with db.session.begin_nested():
            bid = Bid(opportunity=opportunity, organisation_id=actor.organisation_id,
                      created_by_id=actor.id, status="draft")
            db.session.add(bid)
    except IntegrityError:  # a colleague started it at the same moment
        return _own_bid(opportunity, actor)
    audit.record("bid.started", bid, actor=actor, opportunity=opportunity.id)
    return bid


def _own_bid(opportunity, actor) -> Bid | None:
    return db.session.scalar(select(Bid).where(Bid.opportunity_id == opportunity.id,
                                               Bid.organisation_id == actor.organisation_id))


def _advance_revision(bid: Bid, revision: int) -> None:
    """Compare-and-set: only the writer holding the current revision may change the bid."""
    result = db.session.execute(
        update(Bid).where(Bid.id == bid.id, Bid.revision == revision)
        .values(revision=Bid.revision + 1, updated_at=clock.now())
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise ConcurrentChange()
    db.session.refresh(bid)


def _check_deadline(opportunity: Opportunity) -> None:
    if clock.now() >= opportunity.closes_at:
        raise ValidationFailed(DEADLINE_PASSED.format(closes=clock.uk_time(opportunity.closes_at)),
                               "deadline")
    db.session.info.setdefault("bid_deadlines", []).append(opportunity.closes_at)


def save_draft(bid: Bid, data: BidInput, *, revision: int, actor) -> None:
    """Save the working copy, complete or not. A submitted bid keeps counting as submitted
    until the changes are submitted as an amendment."""
    if not permissions.can_edit_bid(actor, bid):
        raise PermissionDenied()
    _check_deadline(bid.opportunity)
    errors = _shape_errors(bid, data)
    if errors:
        raise ValidationFailed(errors)
    _advance_revision(bid, revision)
    _write_working_copy(bid, data)
    audit.record("bid.saved", bid, actor=actor)


def _shape_errors(bid: Bid, data: BidInput) -> dict[str, str]:
    errors = {}
    if data.price is not None and data.price <= 0:
        errors["price"] = "Enter a price of more than £0"
    for clause_id, quantity in data.commitments.items():
        if quantity is not None and quantity < 0:
            errors[f"commitment-{clause_id}"] = "Enter a quantity of 0 or more"
    for target_id, (expected, _people) in data.improvements.items():
        if expected is not None and not 0 <= expected <= 100:
            errors[f"improvement-{target_id}"] = "Enter a percentage from 0 to 100"
    for criterion in bid.opportunity.criteria:
        if len(data.responses.get(criterion.id, "")) > ANSWER_MAX_CHARACTERS:
            errors[f"response-{criterion.id}"] = (
                f"Your answer for {criterion.title} must be {ANSWER_MAX_CHARACTERS:,} "
                f"characters or fewer")
    return errors


def _published_ids(model, wanted: set[int]) -> set[int]:
    return set(db.session.scalars(select(model.id).where(model.id.in_(wanted),
                                                         model.status == "published")))


def _write_evidence(bid: Bid, innovations: list[int], entries: list[int]) -> None:
    """Cite published innovations and library entries only; anything else is refused."""

    wanted = {"innovation_id": set(innovations), "library_entry_id": set(entries)}
    if (wanted["innovation_id"] - _published_ids(Innovation, wanted["innovation_id"])
            or wanted["library_entry_id"] - _published_ids(LibraryEntry,
                                                           wanted["library_entry_id"])):
        raise ValidationFailed("You can only cite published innovations and library entries",
                               "evidence")
    kept = [e for e in bid.evidence
            if (e.innovation_id in wanted["innovation_id"]
                or e.library_entry_id in wanted["library_entry_id"])]
    bid.evidence = kept
    for column, ids in wanted.items():
        cited = {getattr(e, column) for e in kept}
        bid.evidence.extend(BidEvidence(**{column: i}) for i in sorted(ids - cited))


def _write_working_copy(bid: Bid, data: BidInput) -> None:
    opportunity = bid.opportunity
    if data.evidence is not None or data.library_evidence is not None:
        _write_evidence(bid, data.evidence or [], data.library_evidence or [])
    bid.price = data.price
    answers = {r.criterion_id: r for r in bid.responses}
    for criterion in opportunity.criteria:
        if criterion.kind == "price" or criterion.id not in data.responses:
            continue
        response = answers.get(criterion.id) or BidResponse(criterion_id=criterion.id)
        response.answer = data.responses[criterion.id].strip()
        if response not in bid.responses:
            bid.responses.append(response)
    commitments = {c.clause_id: c for c in bid.commitments}
    for clause in opportunity.social_clauses:
        quantity = data.commitments.get(clause.id)
        if clause.id in commitments and quantity is None:
            bid.commitments.remove(commitments[clause.id])
        elif quantity is not None:
            row = commitments.get(clause.id) or BidCommitment(clause_id=clause.id)
            row.quantity = quantity
            if row not in bid.commitments:
                bid.commitments.append(row)
    improvements = {i.target_id: i for i in bid.improvements}
    for target in opportunity.indicators:
        expected, people = data.improvements.get(target.id, (None, None))
        if target.id in improvements and expected is None:
            bid.improvements.remove(improvements[target.id])
        elif expected is not None:
            row = improvements.get(target.id) or BidImprovement(target_id=target.id)
            row.expected_pct, row.people = expected, people
            if row not in bid.improvements:
                bid.improvements.append(row)


def add_attachment(bid: Bid, storage, *, revision: int, actor) -> BidAttachment:
    """Attach a checked document to the working copy (same rules as opportunity documents)."""
    if not permissions.can_edit_bid(actor, bid):
        raise PermissionDenied()
    _check_deadline(bid.opportunity)
    _advance_revision(bid, revision)
    stored = uploads.save_attachment(storage, field="document")
    attachment = BidAttachment(stored_name=stored.name, filename=stored.filename,
                               content_type=stored.content_type, size_bytes=stored.size_bytes)
    bid.attachments.append(attachment)
    db.session.flush()
    audit.record("bid.attachment_added", bid, actor=actor, attachment=attachment.reference)
    return attachment


def remove_attachment(bid: Bid, reference: str, *, revision: int, actor) -> None:
    """Take a document out of the working copy; submitted versions keep what they had."""
    if not permissions.can_edit_bid(actor, bid):
        raise PermissionDenied()
    attachment = next((a for a in bid.working_attachments if a.reference == reference), None)
    if attachment is None:
        raise NotFound()
    _check_deadline(bid.opportunity)
    _advance_revision(bid, revision)
    attachment.removed = True
    audit.record("bid.attachment_removed", bid, actor=actor, attachment=attachment.reference)


def readable_attachment(bid: Bid, reference: str, *, actor) -> BidAttachment:
    """The bidder reads any of its documents; after closing the commissioner and admins read
    those in the version that counts. Everyone else: NotFound."""
    attachment = next((a for a in bid.attachments if a.reference == reference), None)
    if attachment is None or not permissions.can_read_bid(actor, bid):
        raise NotFound()
    own = getattr(actor, "organisation_id", None) == bid.organisation_id
    if not own and attachment.id not in bid.current_version.content.get("attachments", []):
        raise NotFound()
    return attachment


def word_count(text: str) -> int:
    """Words as GOV.UK's character count counts them: runs of non-space characters."""
    return len(text.split())


def submission_problems(bid: Bid) -> dict[str, str]:
    """Every gap that stops the working copy being submitted, by form field."""
    problems = {}
    if bid.price is None:
        problems["price"] = "Enter your price"
    for criterion in bid.opportunity.criteria:
        if criterion.kind == "price":
            continue
        answer = bid.response_to(criterion.id)
        if not answer.strip():
            problems[f"response-{criterion.id}"] = f"Answer the question for {criterion.title}"
        elif criterion.word_limit and word_count(answer) > criterion.word_limit:
            problems[f"response-{criterion.id}"] = (
                f"Your answer for {criterion.title} must be {criterion.word_limit:,} words "
                f"or fewer")
    for clause in bid.opportunity.social_clauses:
        quantity = bid.commitment_to(clause.id)
        if quantity is None:
            problems[f"commitment-{clause.id}"] = (
                f"Enter your commitment for {clause.clause_type.name}")
        elif quantity < clause.minimum:
            problems[f"commitment-{clause.id}"] = (
                f"Your commitment for {clause.clause_type.name} must be at least "
                f"{clause.minimum.normalize():f} {clause.unit_label}")
    for target in bid.opportunity.indicators:
        if bid.improvement_for(target.id) is None:
            problems[f"improvement-{target.id}"] = (
                f"Enter the result you expect for {target.indicator_code}")
    return problems


def _snapshot(bid: Bid) -> dict:
    return {
        "price": str(bid.price),
        "responses": {str(r.criterion_id): r.answer for r in bid.responses},
        "commitments": {str(c.clause_id): str(c.quantity) for c in bid.commitments},
        "improvements": {str(i.target_id): {"expected_pct": str(i.expected_pct),
                                            "people": i.people} for i in bid.improvements},
        "evidence": [e.innovation_id for e in bid.evidence if e.innovation_id],
        "library_evidence": [e.library_entry_id for e in bid.evidence if e.library_entry_id],
        "attachments": [a.id for a in bid.working_attachments],
    }


def submit(bid: Bid, data: BidInput | None, *, revision: int, actor) -> BidVersion:
    """Submit the working copy as a new version: a submission, an amendment or a
    resubmission after withdrawal. The last submitted version is the one that counts.

    `data` is saved into the working copy first; None submits the working copy as it is,
    which the check page does (its revision proves the bidder saw exactly that)."""
    if not permissions.can_edit_bid(actor, bid):
        raise PermissionDenied()
    _check_deadline(bid.opportunity)
    errors = _shape_errors(bid, data) if data is not None else {}
    if errors:
        raise ValidationFailed(errors)
    _advance_revision(bid, revision)
    if data is not None:
        _write_working_copy(bid, data)
    db.session.flush()
    problems = submission_problems(bid)
    if problems:
        raise ValidationFailed(problems)
    action = "bid.amended" if bid.status == "submitted" else "bid.submitted"
    now = clock.now()
    version = BidVersion(bid=bid, number=len(bid.versions) + 1, submitted_at=now,
                         submitted_by_id=actor.id, content=_snapshot(bid))
    db.session.add(version)
    db.session.execute(delete(BidCitation).where(BidCitation.bid_id == bid.id))
    db.session.add_all(BidCitation(bid_id=bid.id, innovation_id=e.innovation_id)
                       for e in bid.evidence if e.innovation_id)
    bid.status, bid.submitted_at, bid.withdrawn_at = "submitted", now, None
    db.session.flush()
    audit.record(action, bid, actor=actor, opportunity=bid.opportunity_id,
                 version=version.number, price=str(bid.price))
    _send_receipts(bid, "submitted" if action == "bid.submitted" else "amended", now)
    return version


def withdraw(bid: Bid, *, revision: int, actor) -> None:
    """Withdraw a submitted bid before the deadline; it can be submitted again until then."""
    if not permissions.can_edit_bid(actor, bid):
        raise PermissionDenied()
    if bid.status != "submitted":
        raise ValidationFailed("Only a submitted bid can be withdrawn", "status")
    _check_deadline(bid.opportunity)
    _advance_revision(bid, revision)
    now = clock.now()
    bid.status, bid.withdrawn_at = "withdrawn", now
    audit.record("bid.withdrawn", bid, actor=actor, opportunity=bid.opportunity_id)
    _send_receipts(bid, "withdrawn", now)


def _send_receipts(bid: Bid, what: str, when) -> None:
    """A receipt to every member of the bidding organisation, and nobody else."""
    members = db.session.scalars(select(User).where(
        User.organisation_id == bid.organisation_id, User.membership == "active"))
    link = external_url("bids.detail", reference=bid.reference)
    for member in members:
        notify(member, "bid_receipt", f"Bid {what}: {bid.opportunity.title}",
               sealed_until=sealed_with_bids(bid.opportunity), bid_id=bid.id, bid=bid,
               what=what, when=when, link=link, version=bid.current_version)


def undelivered_receipts(bid: Bid) -> list[OutboundEmail]:
    """Receipts for this bid that could not be delivered (shown to the bidder only)."""
    return list(db.session.scalars(select(OutboundEmail).where(
        OutboundEmail.bid_id == bid.id, OutboundEmail.template == "bid_receipt",
        OutboundEmail.status == "failed").order_by(OutboundEmail.id)))


def send_receipts_again(bid: Bid, *, actor) -> int:
    """Queue the bid's undelivered receipts again, at its bidder's request. Staff cannot do
    this while the bid is sealed (they cannot see the receipts), so the bidder can."""
    if not permissions.can_send_receipts_again(actor, bid):
        raise PermissionDenied()
    receipts = undelivered_receipts(bid)
    for receipt in receipts:
        retry_failed(receipt)
    if receipts:
        audit.record("bid.receipt_sent_again", bid, actor=actor, receipts=len(receipts))
    return len(receipts)


@event.listens_for(Session, "before_commit")
def _refuse_late_submissions(session):
    """The deadline judged at commit time: a slow request cannot slip a bid in late."""
    for closes_at in session.info.pop("bid_deadlines", []):
        if clock.now() >= closes_at:
            raise ValidationFailed(DEADLINE_PASSED.format(closes=clock.uk_time(closes_at)),
                                   "deadline")


@event.listens_for(Session, "after_soft_rollback")
def _forget_deadlines(session, previous_transaction):
    session.info.pop("bid_deadlines", None)
