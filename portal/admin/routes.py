"""Site staff: verify organisations, read the audit log, watch the outbox."""

from flask import flash, render_template, request, url_for
from flask_login import current_user, login_required

from portal import audit, permissions, reference
from portal.admin import bp, services
from portal.admin.forms import OrganisationDecisionForm
from portal.areas import services as area_services
from portal.areas.forms import OrganisationAreaForm
from portal.auth import services as account_services
from portal.errors import NotFound, PermissionDenied
from portal.extensions import db
from portal.models import SocialClauseType
from portal.notifications.outbox import retry_failed
from portal.opportunities import taxonomy
from portal.opportunities.forms import SocialClauseTypeForm
from portal.urls import page_number, whole_number
from portal.views import see_other, submit_form


@bp.before_request
@login_required
def require_admin():
    if not permissions.is_admin(current_user):
        raise PermissionDenied()


@bp.route("/")
def index():
    return render_template(
        "admin/index.html",
        organisations=services.organisations_by_status(),
        outbox=services.outbox_counts(),
    )


@bp.route("/organisations")
def organisations():
    return render_template("admin/organisations.html",
                           organisations=services.organisations_by_status())


@bp.route("/organisations/<int:organisation_id>", methods=["GET", "POST"])
def organisation(organisation_id):
    organisation = account_services.get_organisation(organisation_id)
    form = OrganisationDecisionForm()
    return submit_form(
        form, lambda: render_template("admin/organisation.html", organisation=organisation,
                                      form=form, area_form=_area_form(organisation)),
        lambda: account_services.decide_organisation(
            organisation, form.decision.data, form.reason.data or "", actor=current_user),
        then="admin.organisations",
        message=lambda _: f"{organisation.name} is now {organisation.status}.")


def _area_form(organisation) -> OrganisationAreaForm:
    form = OrganisationAreaForm(local_area=organisation.local_area_code or "")
    form.local_area.choices = [("", "None")] + [
        (area.code, f"{area.name} ({area.region.name})") for area in reference.local_areas()]
    return form


@bp.route("/organisations/<int:organisation_id>/local-area", methods=["POST"])
def organisation_area(organisation_id):
    organisation = account_services.get_organisation(organisation_id)
    form = _area_form(organisation)
    return submit_form(
        form, lambda: render_template("admin/organisation.html", organisation=organisation,
                                      form=OrganisationDecisionForm(), area_form=form),
        lambda: area_services.set_organisation_area(organisation, form.local_area.data,
                                                    actor=current_user),
        then=url_for("admin.organisation", organisation_id=organisation.id),
        message=lambda _: _now_serves(organisation))


def _now_serves(organisation) -> str:
    area = organisation.local_area
    return f"{organisation.name} now serves {area.name if area else 'no area'}."


@bp.route("/audit")
def audit_log():
    object_id = whole_number(request.args, "object_id", strict=False)
    opportunity_id = whole_number(request.args, "opportunity", strict=False)
    page = page_number(request.args)
    filters = {
        "object_type": request.args.get("object_type", "")[:40],
        "action": request.args.get("action", "")[:60],
    }
    events, total = services.audit_events(object_id=object_id, page=page,
                                          opportunity_id=opportunity_id, **filters)
    pages = max(1, -(-total // services.AUDIT_PAGE_SIZE))
    return render_template("admin/audit.html", events=events, page=page, pages=pages,
                           object_id=object_id, opportunity=opportunity_id, **filters)


@bp.route("/outbox")
def outbox():
    return render_template("admin/outbox.html", counts=services.outbox_counts(),
                           failed=services.failed_emails())


@bp.route("/outbox/<int:message_id>/retry", methods=["POST"])
def retry_email(message_id):
    message = services.failed_email(message_id)
    if message is None:
        raise NotFound()
    retry_failed(message)
    audit.record("email.retried", message, actor=current_user, recipient=message.recipient)
    db.session.commit()
    flash(f"Message {message.id} will be sent again.", "success")
    return see_other("admin.outbox")


@bp.route("/social-clauses")
def social_clauses():
    return render_template("admin/social_clauses.html", clause_types=taxonomy.clause_types())


@bp.route("/social-clauses/new", methods=["GET", "POST"])
@bp.route("/social-clauses/<code>", methods=["GET", "POST"])
def social_clause(code=None):
    clause_type = db.session.get(SocialClauseType, code) if code else None
    if code and clause_type is None:
        raise NotFound()
    form = SocialClauseTypeForm(obj=clause_type, data=None if clause_type else {"active": True})
    return submit_form(
        form, "admin/social_clause.html",
        lambda: taxonomy.save_clause_type(clause_type, code=form.code.data or "",
                                          name=form.name.data,
                                          description=form.description.data or "",
                                          active=form.active.data, actor=current_user),
        then="admin.social_clauses", message="Social clause saved.", clause_type=clause_type)
