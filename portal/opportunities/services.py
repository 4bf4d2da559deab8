"""Writing and publishing opportunities: drafts, amendments, publication, cancellation.

Status comes from timestamps on the model. The legal moves between statuses are
in TRANSITIONS; every service that changes status checks it there.
"""

from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from portal import audit, clock, permissions, uploads
from portal.alerts import follows
from portal.alerts.services import item_published as tell_alerts
from portal.errors import NotFound, PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.models import (
    CLAUSE_UNITS,
    CRITERION_KINDS,
    Amendment,
    ClientGroup,
    EvaluationCriterion,
    Indicator,
    LocalArea,
    Opportunity,
    OpportunityAttachment,
    OpportunityIndicator,
    OpportunitySocialClause,
    Outcome,
    SocialClauseType,
    User,
)
from portal.notifications.events import notify, sealed_with_bids
from portal.opportunities import queries
from portal.opportunities.amendments import compare, show_value
from portal.urls import external_url

# action -> statuses it may start from
TRANSITIONS = {
    "publish": {"draft"},
    "amend": {"open"},
    "cancel": {"open", "closed"},
    "not_award": {"closed"},
    "award": {"closed"},
}
MIN_DEADLINE_NOTICE = timedelta(hours=24)
FIELD_LABELS = {
    "title": "Title",
    "summary": "Summary",
    "specification": "Specification",
    "value_min": "Minimum contract value",
    "value_max": "Maximum contract value",
    "duration_months": "Duration in months",
    "questions_close_at": "Deadline for clarification questions",
    "closes_at": "Deadline for bids",
}


def require_transition(opportunity: Opportunity, action: str) -> None:
    if opportunity.status not in TRANSITIONS[action]:
        raise ValidationFailed(
            f"You cannot do this while the opportunity is {opportunity.status}", "status")


def get(opportunity_id: int) -> Opportunity:
    opportunity = db.session.get(Opportunity, opportunity_id)
    if opportunity is None:
        raise NotFound()
    return opportunity


def get_visible(opportunity_id: int, *, actor) -> Opportunity:
    """The opportunity if the actor may see it; otherwise NotFound, so drafts stay unknown."""
    opportunity = get(opportunity_id)
    if not permissions.can_view_opportunity(actor, opportunity):
        raise NotFound()
    return opportunity


def create_draft(title: str, summary: str, *, actor) -> Opportunity:
    """Start a draft for the actor's commissioning body."""
    if not permissions.can_create_opportunity(actor):
        raise PermissionDenied()
    if not title.strip():
        raise ValidationFailed("Enter a title", "title")
    opportunity = Opportunity(
        organisation_id=actor.organisation_id, created_by_id=actor.id,
        title=title.strip(), summary=summary.strip(), specification="",
    )
    db.session.add(opportunity)
    db.session.flush()
    audit.record("opportunity.created", opportunity, actor=actor, title=opportunity.title)
    return opportunity


def _require_edit(opportunity: Opportunity, actor) -> None:
    if not permissions.can_edit_opportunity(actor, opportunity):
        raise PermissionDenied()


def _require_draft(opportunity: Opportunity) -> None:
    """Edit permission is checked first; this says why a published one cannot change."""
    if opportunity.status != "draft":
        raise ValidationFailed(
            "This cannot change after publication. Cancel the opportunity and publish a new one",
            "status")


def _apply_changes(opportunity: Opportunity, changes: dict, reason: str, *, actor) -> None:
    """Set fields; after publication, as a public amendment with a reason, and tell bidders."""
    changed = {f: v for f, v in changes.items() if getattr(opportunity, f) != v}
    if not changed:
        return
    if opportunity.is_published:
        require_transition(opportunity, "amend")
        if not reason.strip():
            raise ValidationFailed("Enter the reason for the change: it is published", "reason")
        record = [{"field": f, "label": FIELD_LABELS[f],
                   "before": show_value(f, getattr(opportunity, f)), "after": show_value(f, v)}
                  for f, v in changed.items()]
    for field, value in changed.items():
        setattr(opportunity, field, value)
    if not opportunity.is_published:
        audit.record("opportunity.edited", opportunity, actor=actor, fields=sorted(changed))
        return
    _publish_amendment(opportunity, reason, record, actor=actor)


def _publish_amendment(opportunity: Opportunity, reason: str, changes: list[dict], *,
                       actor) -> Amendment:
    """Record a public amendment, audit it and tell every organisation that engaged."""
    amendment = Amendment(opportunity=opportunity, author_id=actor.id, reason=reason.strip(),
                          changes=changes, created_at=clock.now())
    db.session.add(amendment)
    db.session.flush()
    audit.record("opportunity.amended", opportunity, actor=actor, amendment=amendment.id,
                 fields=[change["field"] for change in changes])
    _tell_interested(opportunity, "opportunity_amended",
                     f"Amendment to {opportunity.title}", amendment=amendment,
                     what_changed=[compare(change).in_words() for change in changes],
                     anchor=f"amendment-{amendment.id}")
    return amendment


def update_overview(opportunity, *, title: str, summary: str, specification: str,
                    reason: str = "", actor) -> None:
    """Title, summary and the full specification (Markdown)."""
    _require_edit(opportunity, actor)
    if not title.strip():
        raise ValidationFailed("Enter a title", "title")
    _apply_changes(opportunity, {"title": title.strip(), "summary": summary.strip(),
                                 "specification": specification.strip()}, reason, actor=actor)


def update_contract(opportunity, *, value_min: int | None, value_max: int | None,
                    duration_months: int | None, reason: str = "", actor) -> None:
    """Contract value range in pounds and duration in months."""
    _require_edit(opportunity, actor)
    if value_min is not None and value_max is not None and value_min > value_max:
        raise ValidationFailed(
            "Minimum value must be the same as or less than the maximum value", "value_min")
    _apply_changes(opportunity, {"value_min": value_min, "value_max": value_max,
                                 "duration_months": duration_months}, reason, actor=actor)


def update_dates(opportunity, *, questions_close_at: datetime | None,
                 closes_at: datetime | None, reason: str = "", actor) -> None:
    """Deadlines. After publication the bid deadline only moves later, and never to less
    than 24 hours from now."""
    _require_edit(opportunity, actor)
    now = clock.now()
    errors = {}
    if closes_at is not None and closes_at <= now:
        errors["closes_at"] = "The deadline for bids must be in the future"
    if questions_close_at and closes_at and questions_close_at >= closes_at:
        errors["questions_close_at"] = (
            "The deadline for questions must be before the deadline for bids")
    if opportunity.is_published and closes_at != opportunity.closes_at:
        if closes_at is None or closes_at < opportunity.closes_at:
            errors["closes_at"] = "The deadline for bids can be extended but not brought forward"
        elif closes_at < now + MIN_DEADLINE_NOTICE:
            errors["closes_at"] = "The new deadline for bids must be at least 24 hours from now"
    if errors:
        raise ValidationFailed(errors)
    _apply_changes(opportunity, {"questions_close_at": questions_close_at,
                                 "closes_at": closes_at}, reason, actor=actor)


def update_scope(opportunity, *, client_groups: list[str], outcomes: list[str],
                 local_areas: list[str], actor) -> None:
    """Who the service is for, the outcomes it aims at and where it runs (drafts only)."""
    _require_edit(opportunity, actor)
    _require_draft(opportunity)
    opportunity.client_groups = _lookup(ClientGroup, client_groups, "client_groups")
    opportunity.outcomes = _lookup(Outcome, outcomes, "outcomes")
    opportunity.local_areas = _lookup(LocalArea, local_areas, "local_areas")
    audit.record("opportunity.edited", opportunity, actor=actor, fields=["scope"])


def _lookup(model, codes: list[str], field: str) -> list:
    found = list(db.session.scalars(select(model).where(model.code.in_(set(codes)))))
    if len(found) != len(set(codes)):
        raise ValidationFailed("Choose from the options shown", field)
    return found


def add_indicator(opportunity, *, indicator_code: str, baseline_pct: Decimal | None,
                  target_pct: Decimal | None, cohort_size: int | None, notes: str,
                  actor) -> OpportunityIndicator:
    """Add a targeted National Indicator with the improvement sought."""
    _require_edit(opportunity, actor)
    _require_draft(opportunity)
    if db.session.get(Indicator, indicator_code) is None:
        raise ValidationFailed("Select an indicator", "indicator_code")
    if any(i.indicator_code == indicator_code for i in opportunity.indicators):
        raise ValidationFailed(f"{indicator_code} is already targeted", "indicator_code")
    if baseline_pct is not None and target_pct is not None and target_pct <= baseline_pct:
        raise ValidationFailed(
            "The target must be higher than the starting point: higher is better", "target_pct")
    target = OpportunityIndicator(indicator_code=indicator_code, baseline_pct=baseline_pct,
                                  target_pct=target_pct, cohort_size=cohort_size,
                                  notes=notes.strip())
    opportunity.indicators.append(target)
    audit.record("opportunity.edited", opportunity, actor=actor, added_indicator=indicator_code)
    return target


def add_criterion(opportunity, *, kind: str, title: str, question: str,
                  word_limit: int | None, weight: int, actor) -> EvaluationCriterion:
    """Add an evaluation criterion; quality and social value need a question and word limit."""
    _require_edit(opportunity, actor)
    _require_draft(opportunity)
    errors = {}
    if kind not in CRITERION_KINDS:
        errors["kind"] = "Select the kind of criterion"
    if kind in ("quality", "social-value") and not question.strip():
        errors["question"] = "Enter the question bidders answer"
    if kind in ("quality", "social-value") and not word_limit:
        errors["word_limit"] = "Enter a word limit for the answer"
    if kind == "price" and any(c.kind == "price" for c in opportunity.criteria):
        errors["kind"] = "There is already a price criterion"
    if opportunity.total_weight + weight > 100:
        errors["weight"] = (f"Weight must be {100 - opportunity.total_weight} or less: "
                            "weights add up to 100")
    if errors:
        raise ValidationFailed(errors)
    criterion = EvaluationCriterion(
        kind=kind, title=title.strip(), weight=weight,
        question=question.strip() or None if kind != "price" else None,
        word_limit=word_limit if kind != "price" else None,
        position=len(opportunity.criteria) + 1,
    )
    opportunity.criteria.append(criterion)
    audit.record("opportunity.edited", opportunity, actor=actor, added_criterion=title)
    return criterion


def add_social_clause(opportunity, *, clause_type_code: str, requirement: str, unit: str,
                      minimum: Decimal, actor) -> OpportunitySocialClause:
    """Add a social clause from the taxonomy with a requirement, unit and minimum."""
    _require_edit(opportunity, actor)
    _require_draft(opportunity)
    clause_type = db.session.get(SocialClauseType, clause_type_code)
    if clause_type is None or not clause_type.active:
        raise ValidationFailed("Select a social clause", "clause_type_code")
    if unit not in CLAUSE_UNITS:
        raise ValidationFailed("Select a unit", "unit")
    if unit == "percent" and minimum > 100:
        raise ValidationFailed("A percentage must be 100 or less", "minimum")
    clause = OpportunitySocialClause(clause_type=clause_type, requirement=requirement.strip(),
                                     unit=unit, minimum=minimum)
    opportunity.social_clauses.append(clause)
    audit.record("opportunity.edited", opportunity, actor=actor, added_clause=clause_type_code)
    return clause


def remove_part(opportunity, part, *, actor) -> None:
    """Remove an indicator, criterion or social clause from a draft."""
    _require_edit(opportunity, actor)
    _require_draft(opportunity)
    if part is None or part.opportunity_id != opportunity.id:
        raise NotFound()
    db.session.delete(part)
    db.session.flush()
    db.session.expire(opportunity)
    audit.record("opportunity.edited", opportunity, actor=actor,
                 removed=f"{part.__tablename__} {part.id}")


def publish_problems(opportunity: Opportunity) -> dict[str, str]:
    """Everything missing before publication, by section, in plain words."""
    problems = {}
    if not opportunity.summary:
        problems["summary"] = "Enter a summary"
    if not opportunity.specification:
        problems["specification"] = "Enter the full specification"
    if not opportunity.client_groups:
        problems["client_groups"] = "Choose at least one client group"
    if not opportunity.outcomes:
        problems["outcomes"] = "Choose at least one outcome"
    if not opportunity.local_areas:
        problems["local_areas"] = "Choose at least one local area"
    if not opportunity.indicators:
        problems["indicators"] = "Add at least one National Indicator the service targets"
    if opportunity.value_min is None or opportunity.value_max is None:
        problems["value"] = "Enter the contract value range"
    if not opportunity.duration_months:
        problems["duration_months"] = "Enter the contract duration"
    if opportunity.questions_close_at is None:
        problems["questions_close_at"] = "Enter the deadline for clarification questions"
    if opportunity.closes_at is None:
        problems["closes_at"] = "Enter the deadline for bids"
    elif opportunity.closes_at <= clock.now():
        problems["closes_at"] = "The deadline for bids must be in the future"
    kinds = {criterion.kind for criterion in opportunity.criteria}
    missing = [CRITERION_KINDS[k].lower() for k in CRITERION_KINDS if k not in kinds]
    if missing:
        problems["criteria"] = "Add evaluation criteria for " + " and ".join(missing)
    elif opportunity.total_weight != 100:
        problems["weights"] = (f"Criteria weights must add up to 100 "
                               f"(they add up to {opportunity.total_weight})")
    return problems


def publish(opportunity: Opportunity, *, actor) -> None:
    """Publish a complete draft: from now on it is public and changes are amendments."""
    if not permissions.can_publish_opportunity(actor, opportunity):
        if opportunity.status == "draft" and not opportunity.organisation.is_verified:
            raise ValidationFailed(
                "Your organisation must be verified by our staff before it can publish", "status")
        raise PermissionDenied()
    require_transition(opportunity, "publish")
    problems = publish_problems(opportunity)
    if problems:
        raise ValidationFailed(problems)
    opportunity.published_at = clock.now()
    audit.record("opportunity.published", opportunity, actor=actor)
    tell_alerts("opportunity", opportunity)


def cancel(opportunity: Opportunity, reason: str, *, actor) -> None:
    """Cancel with a public reason; everyone who engaged hears of it."""
    if not permissions.can_cancel_opportunity(actor, opportunity):
        raise PermissionDenied()
    require_transition(opportunity, "cancel")
    if not reason.strip():
        raise ValidationFailed("Enter the reason for cancelling: it is published", "reason")
    opportunity.cancelled_at = clock.now()
    opportunity.cancellation_reason = reason.strip()
    audit.record("opportunity.cancelled", opportunity, actor=actor, reason=reason.strip())
    _tell_interested(opportunity, "opportunity_cancelled", f"Cancelled: {opportunity.title}")


def mark_not_awarded(opportunity: Opportunity, reason: str, *, actor) -> None:
    """Close without an award, with a public reason."""
    if not permissions.can_mark_not_awarded(actor, opportunity):
        raise PermissionDenied()
    require_transition(opportunity, "not_award")
    if not reason.strip():
        raise ValidationFailed("Enter the reason for not awarding: it is published", "reason")
    opportunity.not_awarded_at = clock.now()
    opportunity.not_awarded_reason = reason.strip()
    audit.record("opportunity.not_awarded", opportunity, actor=actor, reason=reason.strip())
    _tell_interested(opportunity, "opportunity_not_awarded",
                     f"Not awarded: {opportunity.title}")


def interested_people(opportunity: Opportunity) -> list[User]:
    """Who hears of an amendment, a cancellation or a decision not to award: the confirmed
    members of every organisation with a bid in progress (draft or submitted), and everyone
    following the opportunity (asking a question follows it)."""
    people = {}
    ids = queries.organisations_with_bids_in_progress(opportunity.id)
    if ids:
        people = {member.id: member for member in db.session.scalars(
            select(User).where(User.organisation_id.in_(ids), User.membership == "active"))}
    for follower in follows.followers(opportunity.id):
        people.setdefault(follower.id, follower)
    return [people[key] for key in sorted(people)]


def _tell_interested(opportunity: Opportunity, template: str, subject: str, *,
                     anchor: str | None = None, **context) -> None:
    """The people come from the bids in progress, so the messages are sealed like bids."""
    link = external_url("opportunities.detail", opportunity_id=opportunity.id, _anchor=anchor)
    for person in interested_people(opportunity):
        notify(person, template, subject, opportunity=opportunity, link=link,
               sealed_until=sealed_with_bids(opportunity), **context)


def add_attachment(opportunity: Opportunity, storage, *, reason: str = "",
                   actor) -> OpportunityAttachment:
    """Attach a checked document. After publication it is a public amendment with a reason."""
    _require_edit(opportunity, actor)
    if opportunity.is_published and not reason.strip():
        raise ValidationFailed("Enter the reason for adding the document: it is published",
                               "reason")
    stored = uploads.save_attachment(storage, field="document")
    attachment = OpportunityAttachment(
        stored_name=stored.name, filename=stored.filename, content_type=stored.content_type,
        size_bytes=stored.size_bytes, uploaded_by_id=actor.id)
    opportunity.attachments.append(attachment)
    db.session.flush()
    audit.record("opportunity.attachment_added", opportunity, actor=actor,
                 attachment=attachment.id, filename=attachment.filename)
    if opportunity.is_published:
        _publish_amendment(opportunity, reason, [{
            "field": "attachments", "label": "Documents", "before": "",
            "after": f"added {attachment.filename}"}], actor=actor)
    return attachment


def remove_attachment(opportunity: Opportunity, attachment, *, actor) -> None:
    """Drafts only: a published document stays published."""
    _require_edit(opportunity, actor)
    _require_draft(opportunity)
    if attachment is None or attachment.opportunity_id != opportunity.id:
        raise NotFound()
    opportunity.attachments.remove(attachment)
    db.session.flush()
    uploads.delete_upload(attachment.stored_name)
    audit.record("opportunity.attachment_removed", opportunity, actor=actor,
                 filename=attachment.filename)
