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


# ---- Practice library ------------------------------------------------------------------------

class CommandLine:
    """The actor for `flask` commands run by site staff on the server (imports, say)."""

    is_authenticated = True
    is_admin = True
    id = None
    name = "Site staff (command line)"
    role = "admin"


COMMAND_LINE = CommandLine()


def can_contribute_library_entry(user) -> bool:
    """Anyone signed in may contribute an entry; an admin publishes it."""
    return _signed_in(user)


def can_view_library_entry(user, entry) -> bool:
    """Published entries are public; the contributor and admins see the others too."""
    if entry.status == "published" or is_admin(user):
        return True
    return _signed_in(user) and entry.contributor_id == user.id


def can_edit_library_entry(user, entry) -> bool:
    """Admins edit any entry; the contributor edits theirs while it waits or was returned."""
    if is_admin(user):
        return True
    return (
        _signed_in(user)
        and entry.contributor_id == user.id
        and entry.status in ("submitted", "returned")
    )


def can_moderate_library_entry(user, entry) -> bool:
    """Admins publish or return a waiting entry, and unpublish or republish a published one."""
    return is_admin(user) and entry.status in ("submitted", "published", "unpublished")


def can_delete_library_entry(user, entry) -> bool:
    """Only admins delete entries."""
    return is_admin(user)


def can_moderate_library(user) -> bool:
    """Admins see the queue of entries waiting for moderation."""
    return is_admin(user)


def can_import_library(user) -> bool:
    """Bulk import publishes at once, so only site staff may run it."""
    return is_admin(user)
