"""Who may do what: the one place that combines role, ownership and workflow state.

Views and services call these predicates; templates call them only to decide
which links to show.
"""

from portal.models import Organisation, User


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_admin(user) -> bool:
    """Site staff."""
    return _signed_in(user) and user.is_admin


def is_commissioner(user) -> bool:
    """A confirmed member of a commissioning body (verified or not)."""
    return _signed_in(user) and user.role == "commissioner"


def is_provider(user) -> bool:
    """A confirmed member of a third-sector organisation."""
    return _signed_in(user) and user.role == "provider"


def can_publish_for(user, organisation: Organisation | None) -> bool:
    """Only confirmed members of a verified commissioning body may publish opportunities."""
    return (
        is_commissioner(user)
        and organisation is not None
        and user.organisation_id == organisation.id
        and organisation.is_verified
    )


def can_view_organisation_members(user, organisation: Organisation) -> bool:
    """Members see who else belongs to their organisation; admins see everyone."""
    if is_admin(user):
        return True
    return (
        _signed_in(user)
        and user.organisation_id == organisation.id
        and user.membership == "active"
    )


def can_confirm_member(user, member: User) -> bool:
    """A confirmed member, or an admin, confirms someone who asked to join the organisation."""
    if member.membership != "pending" or member.organisation_id is None:
        return False
    if is_admin(user):
        return True
    return (
        _signed_in(user)
        and user.id != member.id
        and user.organisation_id == member.organisation_id
        and user.membership == "active"
    )


def can_verify_organisation(user, organisation: Organisation) -> bool:
    """Admins verify or reject organisations that are waiting."""
    return is_admin(user) and organisation.status == "pending"


def can_read_audit_log(user) -> bool:
    return is_admin(user)


def can_manage_outbox(user) -> bool:
    return is_admin(user)


# ---- Innovation Exchange ---------------------------------------------------------------------

INNOVATION_EDITABLE = {"draft", "returned", "published", "withdrawn"}
INNOVATION_SUBMITTABLE = {"draft", "returned", "withdrawn"}


def _active_member_of(user, organisation_id: int | None) -> bool:
    return (
        _signed_in(user)
        and organisation_id is not None
        and user.organisation_id == organisation_id
        and user.membership == "active"
    )


def can_create_innovation(user) -> bool:
    """Members of third-sector organisations share innovations."""
    return is_provider(user)


def can_view_innovation(user, innovation) -> bool:
    """Everyone sees a published innovation; only its organisation and admins see the rest."""
    if innovation.status == "published" or is_admin(user):
        return True
    return is_provider(user) and _active_member_of(user, innovation.organisation_id)


def can_edit_innovation(user, innovation) -> bool:
    """Members of the owning organisation edit it, except while it waits for moderation."""
    return (
        is_provider(user)
        and _active_member_of(user, innovation.organisation_id)
        and innovation.status in INNOVATION_EDITABLE
    )


def can_submit_innovation(user, innovation) -> bool:
    """Members of the owning organisation send a draft, returned or withdrawn one to moderation."""
    return (
        is_provider(user)
        and _active_member_of(user, innovation.organisation_id)
        and innovation.status in INNOVATION_SUBMITTABLE
    )


def can_moderate_innovations(user) -> bool:
    """Admins see the moderation queue."""
    return is_admin(user)


def can_moderate_innovation(user, innovation) -> bool:
    """Admins publish or return an innovation that waits for moderation."""
    return is_admin(user) and innovation.status == "submitted"


def can_withdraw_innovation(user, innovation) -> bool:
    """Admins take a published innovation down, with a reason."""
    return is_admin(user) and innovation.status == "published"


def can_express_interest(user, innovation) -> bool:
    """Members of verified commissioning bodies write to the organisation behind it."""
    return (
        is_commissioner(user)
        and user.organisation.is_verified
        and innovation.status == "published"
    )


def can_record_adoption(user, innovation) -> bool:
    """Members of verified commissioning bodies record that they took it up."""
    return can_express_interest(user, innovation)


def can_read_innovation_interests(user) -> bool:
    """Providers read the interest their organisation's innovations received."""
    return is_provider(user)
