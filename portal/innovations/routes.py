"""Innovation Exchange pages: the public list and pages, writing, moderating, interest, adoption."""

from flask import flash, render_template, request, url_for
from flask_login import current_user, login_required

from portal import permissions, uploads
from portal.errors import NotFound, PermissionDenied
from portal.extensions import db
from portal.forms import choice_list
from portal.innovations import bp, queries, services
from portal.innovations.forms import (
    AdoptionForm,
    InnovationForm,
    InterestForm,
    ModerationForm,
    WithdrawForm,
)
from portal.library import services as library_services
from portal.models import EVIDENCE_LEVELS, INNOVATION_STAGES, InnovationAttachment
from portal.views import see_other, submit_form


def _innovation(innovation_id: int):
    return services.get_innovation(innovation_id, viewer=current_user)


def _select(name: str, label: str, options, selected, any_text: str | None) -> dict:
    items = [{"value": "", "text": any_text}] if any_text else []
    items += [{"value": str(value), "text": text, "selected": str(value) == str(selected)}
              for value, text in options]
    return {"id": name, "name": name, "label": {"text": label}, "items": items}


def _filter_selects(filters: queries.InnovationFilters) -> list[dict]:
    """The list's filter menus, ready for govukSelect; the sort menu comes last."""
    choices = queries.filter_choices()
    return [
        _select("client_group", "Client group",
                [(c.code, c.name) for c in choices["client_groups"]], filters.client_group,
                "Any client group"),
        _select("outcome", "Outcome", [(o.code, o.name) for o in choices["outcomes"]],
                filters.outcome, "Any outcome"),
        _select("indicator", "National Indicator",
                [(i.code, i.code) for i in choices["indicators"]], filters.indicator,
                "Any indicator"),
        _select("stage", "Stage", INNOVATION_STAGES.items(), filters.stage, "Any stage"),
        _select("evidence_level", "Evidence level",
                [(level, f"{level} or higher: {label}") for level, label in
                 EVIDENCE_LEVELS.items()], filters.evidence_level or "", "Any evidence level"),
        _select("region", "Region where it runs",
                [(r.code, r.name) for r in choices["regions"]], filters.region, "Any region"),
        _select("sort", "Sort by", queries.SORTS.items(), filters.sort, None),
    ]


@bp.route("/")
def index():
    filters = queries.InnovationFilters.from_args(request.args)
    return render_template("innovations/index.html", filters=filters,
                           results=queries.published_innovations(filters),
                           selects=_filter_selects(filters))


@bp.route("/<int:innovation_id>")
def detail(innovation_id):
    innovation = _innovation(innovation_id)
    return render_template(
        "innovations/detail.html", innovation=innovation,
        spread=queries.spread_by_region(innovation),
        interested=queries.interested_commissioners(innovation),
        opportunities=queries.open_opportunities_sharing_tags(
            client_groups=[g.code for g in innovation.client_groups],
            outcomes=[o.code for o in innovation.outcomes],
            indicators=[i.code for i in innovation.indicators]),
        citations=queries.closed_bids_citing(innovation.id),
        library_entries=library_services.entries_citing(innovation))


@bp.route("/<int:innovation_id>/image")
def image(innovation_id):
    innovation = _innovation(innovation_id)
    if not innovation.image_name:
        raise NotFound()
    return uploads.send_upload(innovation.image_name, public=innovation.is_published)


@bp.route("/<int:innovation_id>/attachments/<int:attachment_id>")
def attachment(innovation_id, attachment_id):
    innovation = _innovation(innovation_id)
    document = db.session.get(InnovationAttachment, attachment_id)
    if document is None or document.innovation_id != innovation.id:
        raise NotFound()
    return uploads.send_upload(document.stored_name, public=innovation.is_published,
                               download_name=document.filename,
                               content_type=document.content_type)


@bp.route("/<int:innovation_id>/attachments/<int:attachment_id>/delete", methods=["POST"])
@login_required
def delete_attachment(innovation_id, attachment_id):
    innovation = _innovation(innovation_id)
    if not permissions.can_edit_innovation(current_user, innovation):
        raise PermissionDenied()  # before the document is looked up: no hint it exists
    document = db.session.get(InnovationAttachment, attachment_id)
    if document is None or document.innovation_id != innovation.id:
        raise NotFound()
    services.remove_attachment(document, actor=current_user)
    db.session.commit()
    flash(f"{document.filename} is removed.", "success")
    return see_other("innovations.edit", innovation_id=innovation_id)


def _form_choices(form: InnovationForm) -> None:
    choices = queries.filter_choices()
    form.client_groups.choices = choice_list((c.code, c.name) for c in choices["client_groups"])
    form.outcomes.choices = choice_list((o.code, o.name) for o in choices["outcomes"])
    form.indicators.choices = choice_list(
        (i.code, f"{i.code}: {i.title}") for i in choices["indicators"])


def _details(form: InnovationForm) -> services.InnovationDetails:
    return services.InnovationDetails(
        title=form.title.data, summary=form.summary.data, problem=form.problem.data,
        approach=form.approach.data, stage=form.stage.data,
        evidence_level=form.evidence_level.data,
        evidence_justification=form.evidence_justification.data,
        cost_per_person_gbp=form.cost_in_pounds,
        client_groups=form.client_groups.data or [], outcomes=form.outcomes.data or [],
        indicators=form.indicators.data or [], local_areas=form.local_areas.data or [],
        needs=form.needs.data or [], contact_name=form.contact_name.data,
        contact_email=form.contact_email.data, image=form.image.data or None,
        image_alt=form.image_alt.data or "", attachment=form.attachment.data or None,
        update_note=form.update_note.data or "")


def _form_page(form, innovation=None) -> str:
    return render_template("innovations/form.html", form=form, innovation=innovation,
                           areas_by_region=queries.local_areas_by_region())


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    if not permissions.can_create_innovation(current_user):
        raise PermissionDenied()
    form = InnovationForm()
    _form_choices(form)
    if not form.is_submitted():
        form.contact_name.data = current_user.name
        form.contact_email.data = current_user.email
    return submit_form(
        form, lambda: _form_page(form),
        lambda: services.create_innovation(_details(form), actor=current_user),
        then=lambda innovation: url_for("innovations.detail", innovation_id=innovation.id),
        message="Your draft is saved. Submit it for moderation when it is ready.")


@bp.route("/<int:innovation_id>/edit", methods=["GET", "POST"])
@login_required
def edit(innovation_id):
    innovation = _innovation(innovation_id)
    if not permissions.can_edit_innovation(current_user, innovation):
        raise PermissionDenied()
    form = InnovationForm(obj=innovation)
    _form_choices(form)
    if not form.is_submitted():
        _fill_codes(form, innovation)
    return submit_form(
        form, lambda: _form_page(form, innovation),
        lambda: services.update_innovation(innovation, _details(form), actor=current_user),
        then=url_for("innovations.detail", innovation_id=innovation.id),
        message=lambda material: ("Your changes are saved. They go to moderation before they "
                                  "are public again." if material else "Your changes are saved."))


def _fill_codes(form: InnovationForm, innovation) -> None:
    for name in ("client_groups", "outcomes", "indicators", "local_areas"):
        getattr(form, name).data = [row.code for row in getattr(innovation, name)]
    cost = innovation.cost_per_person_gbp
    form.cost_per_person.data = "" if cost is None else str(cost)


@bp.route("/<int:innovation_id>/submit", methods=["POST"])
@login_required
def submit(innovation_id):
    innovation = _innovation(innovation_id)
    services.submit_innovation(innovation, actor=current_user)
    db.session.commit()
    flash("Your innovation is submitted. We will email you when it has been moderated.",
          "success")
    return see_other("innovations.detail", innovation_id=innovation.id)


@bp.route("/yours")
@login_required
def yours():
    if not permissions.is_provider(current_user):
        raise PermissionDenied()
    return render_template("innovations/yours.html",
                           innovations=queries.organisation_innovations(
                               current_user.organisation_id))


@bp.route("/interests")
@login_required
def interests():
    if not permissions.can_read_innovation_interests(current_user):
        raise PermissionDenied()
    if permissions.is_commissioner(current_user):
        return render_template("innovations/interests_sent.html",
                               interests=queries.interests_sent(current_user.organisation_id))
    return render_template("innovations/interests.html",
                           interests=queries.interests_received(current_user.organisation_id))


@bp.route("/<int:innovation_id>/interest", methods=["GET", "POST"])
@login_required
def interest(innovation_id):
    innovation = _innovation(innovation_id)
    if not permissions.can_express_interest(current_user, innovation):
        raise PermissionDenied()
    form = InterestForm()
    if not form.is_submitted():
        form.reply_email.data = current_user.email
    return submit_form(
        form, "innovations/interest.html",
        lambda: services.express_interest(innovation, form.message.data, form.reply_email.data,
                                          actor=current_user),
        then=url_for("innovations.detail", innovation_id=innovation.id),
        message=lambda _: f"Your message is on its way to {innovation.organisation.name}.",
        innovation=innovation)


@bp.route("/<int:innovation_id>/adopt", methods=["GET", "POST"])
@login_required
def adopt(innovation_id):
    innovation = _innovation(innovation_id)
    if not permissions.can_record_adoption(current_user, innovation):
        raise PermissionDenied()
    form = AdoptionForm()
    form.local_area.choices = choice_list(
        [("", "Select the local area")]
        + [(area.code, f"{area.name} ({region.name})")
           for region, areas in queries.local_areas_by_region() for area in areas])
    form.opportunity_id.choices = choice_list(
        [(0, "Not through an opportunity on this portal")]
        + [(o.id, o.title) for o in services.linkable_opportunities(current_user)])
    return submit_form(
        form, "innovations/adopt.html",
        lambda: services.record_adoption(innovation, form.local_area.data, form.start_date,
                                         actor=current_user,
                                         opportunity_id=form.opportunity_id.data or None),
        then=url_for("innovations.detail", innovation_id=innovation.id),
        message="Your adoption is recorded and shown on the innovation's page.",
        innovation=innovation)


@bp.route("/moderation")
@login_required
def moderation():
    if not permissions.can_moderate_innovations(current_user):
        raise PermissionDenied()
    return render_template("innovations/moderation.html", queue=queries.moderation_queue())


@bp.route("/<int:innovation_id>/moderate", methods=["GET", "POST"])
@login_required
def moderate(innovation_id):
    innovation = _innovation(innovation_id)
    if not permissions.can_moderate_innovations(current_user):
        raise PermissionDenied()
    form = ModerationForm()

    def decide():
        if form.decision.data == "publish":
            services.publish_innovation(innovation, actor=current_user)
        else:
            services.return_innovation(innovation, form.reason.data or "", actor=current_user)

    return submit_form(form, "innovations/moderate.html", decide, then="innovations.moderation",
                       message=lambda _: f"{innovation.title} is now {innovation.status}.",
                       innovation=innovation, withdraw_form=WithdrawForm(formdata=None))


@bp.route("/<int:innovation_id>/withdraw", methods=["POST"])
@login_required
def withdraw(innovation_id):
    innovation = _innovation(innovation_id)
    if not permissions.can_withdraw_innovation(current_user, innovation):
        raise PermissionDenied()
    form = WithdrawForm()
    return submit_form(
        form, "innovations/moderate.html",
        lambda: services.withdraw_innovation(innovation, form.reason.data, actor=current_user),
        then="innovations.moderation", message=lambda _: f"{innovation.title} is withdrawn.",
        form=ModerationForm(formdata=None), innovation=innovation, withdraw_form=form)
