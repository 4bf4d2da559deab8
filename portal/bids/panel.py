"""The evaluation panel of an opportunity: forming it, invitations, the chair, and each
member's declaration of conflicts of interest.

With no panel formed, the commissioning body evaluates as before (a panel of one). The
first person to add someone becomes the chair; members of the owning body join at once,
anyone else (a partner commissioning body, or an address with no account yet) is invited
by email and joins by the accept link. Everything is in the audit log.
"""

import re

from sqlalchemy import select

from portal import audit, clock, permissions
from portal.errors import NotFound, PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.models import Bid, Opportunity, PanelConflict, PanelMember, PanelScore, User
from portal.models.panels import new_invitation_token
from portal.notifications.events import notify
from portal.notifications.outbox import queue_email
from portal.urls import external_url

EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _require_manager(opportunity: Opportunity, actor) -> None:
    if not permissions.can_manage_panel(actor, opportunity):
        raise PermissionDenied()


def _seat(opportunity: Opportunity, user: User, role: str, *, actor) -> PanelMember:
    member = PanelMember(opportunity=opportunity, email=user.email, user_id=user.id, role=role,
                         invited_by_id=actor.id, accepted_at=clock.now())
    db.session.add(member)
    return member


def add_member(opportunity: Opportunity, email: str, *, actor) -> PanelMember:
    """Add a colleague from the owning body at once, or invite anyone else by email. The
    person forming the panel sits on it as its chair (they can hand the chair on)."""
    _require_manager(opportunity, actor)
    email = email.strip().lower()
    if not EMAIL_SHAPE.match(email):
        raise ValidationFailed("Enter an email address, like name@example.gov.uk", "email")
    if not opportunity.panel and email != actor.email:
        _seat(opportunity, actor, "chair", actor=actor)
    if any(m.email == email for m in opportunity.panel):
        raise ValidationFailed(f"{email} is already on the panel", "email")
    user = User.by_email(email)
    if user is not None and not permissions.is_commissioner(user):
        raise ValidationFailed("Only members of commissioning bodies can sit on a panel", "email")
    if user is not None and user.organisation_id == opportunity.organisation_id:
        member = _seat(opportunity, user, "chair" if not opportunity.panel else "member",
                       actor=actor)
        db.session.flush()
        notify(user, "panel_added", f"You are on the evaluation panel: {opportunity.title}",
               link=external_url("bids.panel", opportunity_id=opportunity.id),
               opportunity=opportunity, chair=member.is_chair)
    else:
        member = PanelMember(opportunity=opportunity, email=email, role="member",
                             invited_by_id=actor.id, invitation_token=new_invitation_token())
        db.session.add(member)
        db.session.flush()
        queue_email("panel_invitation", email, f"Invitation to an evaluation panel: "
                    f"{opportunity.title}", opportunity=opportunity, inviter=actor,
                    link=external_url("bids.accept_invitation", token=member.invitation_token))
    audit.record("panel.member_added", opportunity, actor=actor, email=email, role=member.role,
                 invited=member.accepted_at is None)
    return member


def get_member(opportunity: Opportunity, member_id: int, *, actor) -> PanelMember:
    _require_manager(opportunity, actor)
    member = next((m for m in opportunity.panel if m.id == member_id), None)
    if member is None:
        raise NotFound()
    return member


def make_chair(member: PanelMember, *, actor) -> None:
    """One chair: handing it on makes the previous chair an ordinary member."""
    _require_manager(member.opportunity, actor)
    if member.accepted_at is None:
        raise ValidationFailed(f"{member.email} has not accepted the invitation yet", "member")
    for other in member.opportunity.panel:
        other.role = "member"
    member.role = "chair"
    audit.record("panel.chair_changed", member.opportunity, actor=actor, chair=member.email)


def remove_member(member: PanelMember, *, actor) -> None:
    """Scores once submitted stay part of the record, so their author stays on the panel."""
    _require_manager(member.opportunity, actor)
    if member.is_chair:
        raise ValidationFailed("Choose another chair before removing this one", "member")
    if member.user_id is not None and db.session.scalar(select(PanelScore.id).where(
            PanelScore.evaluator_id == member.user_id,
            PanelScore.bid_id.in_([b.id for b in submitted_bids(member.opportunity)]))):
        raise ValidationFailed(f"{member.name} has already scored bids", "member")
    opportunity = member.opportunity
    opportunity.panel.remove(member)
    audit.record("panel.member_removed", opportunity, actor=actor, email=member.email)


def invitation(token: str) -> PanelMember:
    member = db.session.scalar(select(PanelMember).where(
        PanelMember.invitation_token == token[:64]))
    if member is None:
        raise NotFound()
    return member


def accept_invitation(member: PanelMember, *, actor) -> None:
    """The invited person, signed in with the address the invitation went to, joins."""
    if not permissions.is_commissioner(actor):
        raise ValidationFailed("Only members of commissioning bodies can sit on a panel. "
                               "Sign in with your commissioning body account.", "token")
    if actor.email != member.email:
        raise ValidationFailed(f"This invitation was sent to {member.email}. Sign in with "
                               "that address to accept it.", "token")
    if permissions.panel_place(actor, member.opportunity) is not None:
        raise ValidationFailed("You are already on this panel", "token")
    member.user_id, member.accepted_at, member.invitation_token = actor.id, clock.now(), None
    audit.record("panel.invitation_accepted", member.opportunity, actor=actor,
                 email=member.email)


def submitted_bids(opportunity: Opportunity) -> list[Bid]:
    return list(db.session.scalars(select(Bid).where(
        Bid.opportunity_id == opportunity.id, Bid.status == "submitted")
        .order_by(Bid.submitted_at)))


def bidders_to_declare(opportunity: Opportunity, *, actor) -> list[Bid]:
    """The bids a member declares against: shown on the declaration page, and only there
    until the declaration is made."""
    if not permissions.must_declare_conflicts(actor, opportunity):
        raise PermissionDenied()
    return submitted_bids(opportunity)


def declare_conflicts(opportunity: Opportunity, conflicts: dict[str, str], *,
                      actor) -> PanelMember:
    """Record the member's declaration once: bid reference -> reason, for each bidder they
    have a conflict with (none is a declaration too). A conflict excludes them from that bid."""
    bids = {b.reference: b for b in bidders_to_declare(opportunity, actor=actor)}
    unknown = set(conflicts) - set(bids)
    if unknown:
        raise NotFound()
    missing = [bids[r].organisation.name for r, reason in conflicts.items() if not reason.strip()]
    if missing:
        raise ValidationFailed(f"Say what the conflict with {missing[0]} is", "conflicts")
    member = permissions.panel_place(actor, opportunity)
    for reference, reason in conflicts.items():
        member.conflicts.append(PanelConflict(bid=bids[reference], reason=reason.strip()))
    member.declared_at = clock.now()
    audit.record("panel.conflicts_declared", opportunity, actor=actor,
                 bidders=[b.organisation.name for b in bids.values()],
                 conflicts={bids[r].organisation.name: reason.strip()
                            for r, reason in conflicts.items()})
    return member


def bid_evaluators(bid: Bid) -> list[PanelMember]:
    """The accepted members with no conflict with this bid: each is expected to score it."""
    return [m for m in bid.opportunity.panel
            if m.accepted_at is not None and not m.conflicted_with(bid)]


def has_submitted(bid: Bid, user) -> bool:
    return db.session.scalar(select(PanelScore.id).where(
        PanelScore.bid_id == bid.id, PanelScore.evaluator_id == user.id).limit(1)) is not None


def waiting_for(bid: Bid) -> list[PanelMember]:
    """Evaluators of this bid who have not submitted their own scores yet."""
    return [m for m in bid_evaluators(bid) if m.user is None or not has_submitted(bid, m.user)]
