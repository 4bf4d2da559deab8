"""What an organisation says about itself."""

from portal import audit, permissions
from portal.errors import PermissionDenied
from portal.models import Organisation

# The form's choices: the SME flag is yes, no, or not recorded (None).
SME_CHOICES = {"yes": True, "no": False, "unknown": None}


def set_sme(organisation: Organisation, is_sme: bool | None, *, actor) -> None:
    """Record whether the organisation is a small or medium-sized enterprise (fewer than 250
    staff and turnover up to £44m): award notices say so of a winner."""
    if not permissions.can_set_sme(actor, organisation):
        raise PermissionDenied()
    if organisation.is_sme is is_sme:
        return
    audit.record("organisation.sme_set", organisation, actor=actor,
                 before=organisation.is_sme, after=is_sme)
    organisation.is_sme = is_sme
