"""Commissioners write a draft section by section (a GOV.UK task list), publish it,
amend it, cancel it or close it without an award."""

from flask import flash, render_template, request, url_for
from flask_login import current_user, login_required

from portal import permissions, reference
from portal.errors import PermissionDenied
from portal.extensions import db
from portal.forms import choice_list
from portal.guidance.services import model_clauses
from portal.models import (
    EvaluationCriterion,
    OpportunityAttachment,
    OpportunityIndicator,
    OpportunitySocialClause,
)
from portal.opportunities import bp, services, tasks, taxonomy
from portal.opportunities.forms import (
    AttachmentForm,
    ContractForm,
    CriterionForm,
    DatesForm,
    IndicatorForm,
    NewOpportunityForm,
    OverviewForm,
    ReasonForm,
    ScopeForm,
    SocialClauseForm,
)
from portal.views import attempt, flash_outcome, see_other, submit_form

PARTS = {"indicators": OpportunityIndicator, "criteria": EvaluationCriterion,
         "social-clauses": OpportunitySocialClause}

def _problem_links(opportunity, problems: dict[str, str]) -> dict[str, str]:
    """Where to fix each problem: the edit page of its section."""
    pages = {key: url_for(section.endpoint, opportunity_id=opportunity.id)
             for section in tasks.SECTIONS for key in section.problem_keys}
    return {key: pages.get(key, "") for key in problems}


def _editable(opportunity_id):
    opportunity = services.get_visible(opportunity_id, actor=current_user)
    if not permissions.can_edit_opportunity(current_user, opportunity):
        raise PermissionDenied()
    return opportunity


def _save(form, template, opportunity, save, done_message, done="opportunities.edit",
          **context):
    """Save one section and go back (to the task list unless `done` says otherwise); or
    show the form again with its errors."""
    return submit_form(form, template, save, then=url_for(done, opportunity_id=opportunity.id),
                       message=done_message, opportunity=opportunity, **context)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    if not permissions.can_create_opportunity(current_user):
        raise PermissionDenied()
    form = NewOpportunityForm()
    return submit_form(form, "opportunities/new.html", lambda: services.create_draft(
        form.title.data, form.summary.data, actor=current_user),
        then=lambda opportunity: url_for("opportunities.edit", opportunity_id=opportunity.id))


@bp.route("/<int:opportunity_id>/edit")
@login_required
def edit(opportunity_id):
    opportunity = services.get_visible(opportunity_id, actor=current_user)
    if not (permissions.can_edit_opportunity(current_user, opportunity)
            or permissions.can_cancel_opportunity(current_user, opportunity)):
        raise PermissionDenied()
    return render_template("opportunities/edit.html", opportunity=opportunity,
                           tasks=tasks.task_list(opportunity, actor=current_user))


@bp.route("/<int:opportunity_id>/edit/overview", methods=["GET", "POST"])
@login_required
def edit_overview(opportunity_id):
    opportunity = _editable(opportunity_id)
    form = OverviewForm(obj=opportunity)
    return _save(form, "opportunities/edit_overview.html", opportunity, lambda: (
        services.update_overview(opportunity, title=form.title.data, summary=form.summary.data,
                                 specification=form.specification.data or "",
                                 reason=form.reason.data or "", actor=current_user)),
        "Overview saved.")


@bp.route("/<int:opportunity_id>/edit/scope", methods=["GET", "POST"])
@login_required
def edit_scope(opportunity_id):
    opportunity = _editable(opportunity_id)
    form = ScopeForm(data={
        "client_groups": [g.code for g in opportunity.client_groups],
        "outcomes": [o.code for o in opportunity.outcomes],
        "local_areas": [a.code for a in opportunity.local_areas]})
    return _save(form, "opportunities/edit_scope.html", opportunity, lambda: (
        services.update_scope(opportunity, client_groups=form.client_groups.data,
                              outcomes=form.outcomes.data, local_areas=form.local_areas.data,
                              actor=current_user)),
        "Client groups, outcomes and areas saved.",
        client_groups=reference.client_groups(), outcomes=reference.outcomes(),
        regions=reference.regions())


@bp.route("/<int:opportunity_id>/edit/indicators", methods=["GET", "POST"])
@login_required
def edit_indicators(opportunity_id):
    opportunity = _editable(opportunity_id)
    form = IndicatorForm()
    form.indicator_code.choices = choice_list(
        [("", "Select an indicator")]
        + [(i.code, f"{i.code}: {i.title}") for i in reference.indicators()])
    return _save(form, "opportunities/edit_indicators.html", opportunity, lambda: (
        services.add_indicator(opportunity, indicator_code=form.indicator_code.data,
                               baseline_pct=form.baseline_pct.data,
                               target_pct=form.target_pct.data,
                               cohort_size=form.cohort_size.data, notes=form.notes.data or "",
                               actor=current_user)),
        "Indicator added.")


@bp.route("/<int:opportunity_id>/edit/contract", methods=["GET", "POST"])
@login_required
def edit_contract(opportunity_id):
    opportunity = _editable(opportunity_id)
    form = ContractForm(obj=opportunity)
    return _save(form, "opportunities/edit_contract.html", opportunity, lambda: (
        services.update_contract(opportunity, value_min=form.value_min.data,
                                 value_max=form.value_max.data,
                                 duration_months=form.duration_months.data,
                                 reason=form.reason.data or "", actor=current_user)),
        "Contract value and duration saved.")


@bp.route("/<int:opportunity_id>/edit/dates", methods=["GET", "POST"])
@login_required
def edit_dates(opportunity_id):
    opportunity = _editable(opportunity_id)
    form = DatesForm(obj=opportunity)
    return _save(form, "opportunities/edit_dates.html", opportunity, lambda: (
        services.update_dates(opportunity, questions_close_at=form.questions_close_at.data,
                              closes_at=form.closes_at.data, reason=form.reason.data or "",
                              actor=current_user)),
        "Deadlines saved.")


@bp.route("/<int:opportunity_id>/edit/criteria", methods=["GET", "POST"])
@login_required
def edit_criteria(opportunity_id):
    opportunity = _editable(opportunity_id)
    form = CriterionForm()
    return _save(form, "opportunities/edit_criteria.html", opportunity, lambda: (
        services.add_criterion(opportunity, kind=form.kind.data, title=form.title.data,
                               question=form.question.data or "",
                               word_limit=form.word_limit.data, weight=form.weight.data,
                               actor=current_user)),
        "Criterion added.")


@bp.route("/<int:opportunity_id>/edit/social-clauses", methods=["GET", "POST"])
@login_required
def edit_social_clauses(opportunity_id):
    opportunity = _editable(opportunity_id)
    form = SocialClauseForm()
    types = taxonomy.clause_types(active_only=True)
    form.clause_type_code.choices = choice_list(
        [("", "Select a social clause")] + [(t.code, t.name) for t in types])
    models = model_clauses()
    _fill_from_model(form, models.get(request.args.get("model", "")))
    return _save(form, "opportunities/edit_social_clauses.html", opportunity, lambda: (
        services.add_social_clause(opportunity, clause_type_code=form.clause_type_code.data,
                                   requirement=form.requirement.data, unit=form.unit.data,
                                   minimum=form.minimum.data, actor=current_user)),
        "Social clause added.", model_types=[t for t in types if t.code in models])


def _fill_from_model(form: SocialClauseForm, model) -> None:
    """The one-click start from guidance: the model wording for a clause type fills the
    form, which the commissioner then changes to suit the service and adds as usual."""
    if model is None or form.is_submitted():
        return
    form.clause_type_code.data = model.clause_type_code
    form.requirement.data = model.model_requirement
    form.unit.data = model.model_unit
    form.minimum.data = model.model_minimum


@bp.route("/<int:opportunity_id>/edit/<any(indicators, criteria, 'social-clauses'):part>"
          "/<int:part_id>/remove", methods=["POST"])
@login_required
def remove_part(opportunity_id, part, part_id):
    opportunity = _editable(opportunity_id)  # CSRFProtect has checked the token already
    flash_outcome(attempt(lambda: services.remove_part(
        opportunity, db.session.get(PARTS[part], part_id), actor=current_user)), "Removed.")
    return see_other(f"opportunities.edit_{part.replace('-', '_')}",
                     opportunity_id=opportunity.id)


@bp.route("/<int:opportunity_id>/edit/attachments", methods=["GET", "POST"])
@login_required
def edit_attachments(opportunity_id):
    opportunity = _editable(opportunity_id)
    form = AttachmentForm()
    return _save(form, "opportunities/edit_attachments.html", opportunity, lambda: (
        services.add_attachment(opportunity, form.document.data, reason=form.reason.data or "",
                                actor=current_user)),
        "Document added.")


@bp.route("/<int:opportunity_id>/edit/attachments/<int:attachment_id>/remove",
          methods=["POST"])
@login_required
def remove_attachment(opportunity_id, attachment_id):
    opportunity = _editable(opportunity_id)
    flash_outcome(attempt(lambda: services.remove_attachment(
        opportunity, db.session.get(OpportunityAttachment, attachment_id), actor=current_user)),
        "Document removed.")
    return see_other("opportunities.edit_attachments", opportunity_id=opportunity.id)


@bp.route("/<int:opportunity_id>/publish", methods=["GET", "POST"])
@login_required
def publish(opportunity_id):
    """Check your answers, then publish. The service decides; the page shows its problems."""
    opportunity = services.get_visible(opportunity_id, actor=current_user)
    if not permissions.can_edit_opportunity(current_user, opportunity):
        raise PermissionDenied()
    if opportunity.status != "draft":
        return see_other("opportunities.edit", opportunity_id=opportunity.id)
    if request.method == "GET":
        return _check_page(opportunity, services.publish_problems(opportunity))
    errors = attempt(lambda: services.publish(opportunity, actor=current_user))
    if errors:
        # Why it was refused, and every section still incomplete: a refusal for
        # verification says nothing about the sections, so they are judged on their own.
        problems = {**services.publish_problems(opportunity), **errors}
        return _check_page(opportunity, problems), 400
    flash("The opportunity is published.", "success")
    return see_other("opportunities.detail", opportunity_id=opportunity.id)


def _check_page(opportunity, problems: dict[str, str]):
    return render_template("opportunities/check.html", opportunity=opportunity,
                           problems=problems, links=_problem_links(opportunity, problems),
                           sections=tasks.SECTIONS)


@bp.route("/<int:opportunity_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(opportunity_id):
    opportunity = services.get_visible(opportunity_id, actor=current_user)
    if not permissions.can_cancel_opportunity(current_user, opportunity):
        raise PermissionDenied()
    form = ReasonForm()
    return _save(form, "opportunities/reason.html", opportunity, lambda: services.cancel(
        opportunity, form.reason.data, actor=current_user), "The opportunity is cancelled.",
        done="opportunities.detail", action="cancel")


@bp.route("/<int:opportunity_id>/not-awarded", methods=["GET", "POST"])
@login_required
def not_awarded(opportunity_id):
    opportunity = services.get_visible(opportunity_id, actor=current_user)
    if not permissions.can_mark_not_awarded(current_user, opportunity):
        raise PermissionDenied()
    form = ReasonForm()
    return _save(form, "opportunities/reason.html", opportunity,
                 lambda: services.mark_not_awarded(opportunity, form.reason.data,
                                                   actor=current_user),
                 "The opportunity is marked as not awarded.", done="opportunities.detail",
                 action="not-awarded")
