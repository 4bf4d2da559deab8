"""Following one opportunity: amendments, answers, deadline reminders and the award."""

from sqlalchemy import select

from portal import permissions
from portal.errors import PermissionDenied
from portal.extensions import db
from portal.models import Opportunity, OpportunityFollow, User


def is_following(user, opportunity: Opportunity) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return db.session.get(OpportunityFollow, (user.id, opportunity.id)) is not None


def follow(opportunity: Opportunity, *, actor) -> None:
    """Start following (doing it twice is harmless)."""
    if not permissions.can_follow_opportunity(actor, opportunity):
        raise PermissionDenied()
    if not is_following(actor, opportunity):
        db.session.add(OpportunityFollow(user_id=actor.id, opportunity_id=opportunity.id))


def unfollow(opportunity: Opportunity, *, actor) -> None:
    follow_row = db.session.get(OpportunityFollow, (actor.id, opportunity.id))
    if follow_row is not None:
        db.session.delete(follow_row)


def followers(opportunity_id: int) -> list[User]:
    return list(db.session.scalars(
        select(User).join(OpportunityFollow, OpportunityFollow.user_id == User.id)
        .where(OpportunityFollow.opportunity_id == opportunity_id).order_by(User.id)))


def followed_by(user) -> list[Opportunity]:
    return list(db.session.scalars(
        select(Opportunity).join(OpportunityFollow,
                                 OpportunityFollow.opportunity_id == Opportunity.id)
        .where(OpportunityFollow.user_id == user.id).order_by(Opportunity.closes_at)))
