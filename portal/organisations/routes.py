"""An organisation's page: its public profile and, for its members, who belongs to it."""

from flask import flash, render_template, request
from flask_login import current_user, login_required

from portal import permissions
from portal.auth import services
from portal.errors import NotFound, PermissionDenied
from portal.extensions import db
from portal.models import Organisation, User
from portal.organisations import bp
from portal.organisations.profiles import public_profile
from portal.organisations.services import SME_CHOICES, set_sme
from portal.views import see_other


@bp.route("/<int:organisation_id>")
def detail(organisation_id):
    profile = public_profile(organisation_id)
    return render_template("organisations/detail.html", profile=profile,
                           organisation=profile.organisation)


def _organisation(organisation_id: int) -> Organisation:
    """The organisation, to its own members and admins. Permission comes before existence:
    anyone else gets the same 403 whether or not there is such an organisation."""
    organisation = db.session.get(Organisation, organisation_id)
    if not permissions.can_view_organisation_members(current_user, organisation):
        raise PermissionDenied()
    if organisation is None:
        raise NotFound()
    return organisation


@bp.route("/<int:organisation_id>/members/<int:user_id>/confirm", methods=["POST"])
@login_required
def confirm_member(organisation_id, user_id):
    organisation = _organisation(organisation_id)
    member = db.session.get(User, user_id)
    if member is None or member.organisation_id != organisation.id:
        raise NotFound()
    services.confirm_member(member, actor=current_user)
    db.session.commit()
    flash(f"{member.name} is now a member of {member.organisation.name}.", "success")
    return see_other("organisations.detail", organisation_id=organisation_id)


@bp.route("/<int:organisation_id>/sme", methods=["GET", "POST"])
@login_required
def sme(organisation_id):
    organisation = _organisation(organisation_id)
    errors = {}
    if request.method == "POST":
        choice = request.form.get("is_sme")
        if choice not in SME_CHOICES:
            errors["is_sme"] = "Select yes, no or not recorded"
        else:
            set_sme(organisation, SME_CHOICES[choice], actor=current_user)
            db.session.commit()
            flash("Saved whether the organisation is an SME.", "success")
            return see_other("organisations.detail", organisation_id=organisation.id)
    return render_template("organisations/sme.html", organisation=organisation,
                           errors=errors), 400 if errors else 200
