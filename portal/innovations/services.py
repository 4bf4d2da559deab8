"""Innovation Exchange rules: write, moderate, express interest, adopt, and match.

Status moves only along TRANSITIONS. A published innovation that changes
materially goes back to moderation (and off the public pages) until an admin
publishes it again; other changes stay public and are shown with their date.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select, union_all

from portal import audit, clock, permissions, uploads
from portal.alerts.services import item_published as tell_alerts
from portal.errors import NotFound, PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.models import (
    EVIDENCE_LEVELS,
    INNOVATION_NEEDS,
    INNOVATION_STAGES,
    Adoption,
    ClientGroup,
    Indicator,
    Innovation,
    InnovationAttachment,
    InnovationInterest,
    InnovationUpdate,
    LocalArea,
    Opportunity,
    Outcome,
)
from portal.models.innovations import (
    innovation_client_group,
    innovation_indicator,
    innovation_outcome,
)
from portal.notifications.events import notify
from portal.urls import external_url

# action -> (states it may start from, state it ends in)
TRANSITIONS = {
    "submit": ({"draft", "returned", "withdrawn"}, "submitted"),
    "publish": ({"submitted"}, "published"),
    "return": ({"submitted"}, "returned"),
    "withdraw": ({"published"}, "withdrawn"),
    "change": ({"published"}, "submitted"),
}
# Changing any of these on a published innovation sends it back to moderation.
MATERIAL_FIELDS = ("title", "summary", "problem", "approach", "stage", "evidence_level",
                   "evidence_justification", "cost_per_person_gbp")
MATERIAL_TAGS = ("client_groups", "outcomes", "indicators")


@dataclass
class InnovationDetails:
    """Everything a provider writes about an innovation, as codes and plain values."""

    title: str
    summary: str
    problem: str
    approach: str
    stage: str
    evidence_level: int
    evidence_justification: str
    contact_name: str
    contact_email: str
    cost_per_person_gbp: int | None = None
    client_groups: list[str] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    local_areas: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    image: object = None  # an uploaded file (werkzeug FileStorage) or None
    image_alt: str = ""
    attachment: object = None
    update_note: str = ""


def get_innovation(innovation_id: int, *, viewer) -> Innovation:
    """The innovation, if it exists and the viewer may see it; otherwise NotFound."""
    innovation = db.session.get(Innovation, innovation_id)
    if innovation is None or not permissions.can_view_innovation(viewer, innovation):
        raise NotFound()
    return innovation


def _move(innovation: Innovation, action: str) -> None:
    starts, ends = TRANSITIONS[action]
    if innovation.status not in starts:
        raise ValidationFailed(f"You cannot {action} an innovation that is {innovation.status}")
    innovation.status = ends


def _tags(model, codes: list[str], field_name: str, label: str) -> list:
    rows = list(db.session.scalars(select(model).where(model.code.in_(codes)))) if codes else []
    if len(rows) != len(set(codes)):
        raise ValidationFailed(f"Select {label} from the list", field_name)
    return rows


def _check(details: InnovationDetails, innovation: Innovation | None) -> dict:
    """Rules the form cannot know: codes exist, choices are known, an image has alt text."""
    if details.stage not in INNOVATION_STAGES:
        raise ValidationFailed("Select the stage the innovation has reached", "stage")
    if details.evidence_level not in EVIDENCE_LEVELS:
        raise ValidationFailed("Select the level of evidence", "evidence_level")
    if set(details.needs) - set(INNOVATION_NEEDS):
        raise ValidationFailed("Select what the innovation needs from the list", "needs")
    has_image = details.image is not None or (innovation is not None and innovation.image_name)
    if has_image and not details.image_alt.strip():
        raise ValidationFailed("Describe the image for people who cannot see it", "image_alt")
    return {
        "client_groups": _tags(ClientGroup, details.client_groups, "client_groups",
                               "client groups"),
        "outcomes": _tags(Outcome, details.outcomes, "outcomes", "outcomes"),
        "indicators": _tags(Indicator, details.indicators, "indicators", "indicators"),
        "local_areas": _tags(LocalArea, details.local_areas, "local_areas", "local areas"),
    }


def _codes(rows) -> set[str]:
    return {row.code for row in rows}


def _is_material(innovation: Innovation, details: InnovationDetails, tags: dict) -> bool:
    if details.image is not None:
        return True
    if any(getattr(innovation, name) != getattr(details, name) for name in MATERIAL_FIELDS):
        return True
    return any(_codes(getattr(innovation, name)) != _codes(tags[name]) for name in MATERIAL_TAGS)


def _apply(innovation: Innovation, details: InnovationDetails, tags: dict) -> None:
    for name in (*MATERIAL_FIELDS, "needs", "contact_name", "contact_email"):
        setattr(innovation, name, getattr(details, name))
    innovation.title = details.title.strip()
    innovation.contact_email = details.contact_email.strip().lower()
    for name, rows in tags.items():
        setattr(innovation, name, rows)
    innovation.image_alt = details.image_alt.strip() or None
    if details.image is not None:
        stored = uploads.save_image(details.image, field="image")
        uploads.delete_upload(innovation.image_name)
        innovation.image_name = stored.name
    if details.attachment is not None:
        _attach(innovation, details.attachment)


def _attach(innovation: Innovation, storage) -> None:
    stored = uploads.save_attachment(storage, field="attachment")
    innovation.attachments.append(InnovationAttachment(
        stored_name=stored.name, filename=stored.filename, content_type=stored.content_type,
        size_bytes=stored.size_bytes))


def create_innovation(details: InnovationDetails, *, actor) -> Innovation:
    """Start a draft innovation for the actor's organisation."""
    if not permissions.can_create_innovation(actor):
        raise PermissionDenied()
    tags = _check(details, None)
    innovation = Innovation(organisation_id=actor.organisation_id, created_by_id=actor.id,
                            status="draft", needs=[])
    _apply(innovation, details, tags)
    db.session.add(innovation)
    db.session.flush()
    audit.record("innovation.created", innovation, actor=actor, title=innovation.title)
    return innovation


def update_innovation(innovation: Innovation, details: InnovationDetails, *, actor) -> bool:
    """Save changes. Returns True when a published innovation went back to moderation."""
    if not permissions.can_edit_innovation(actor, innovation):
        raise PermissionDenied()
    tags = _check(details, innovation)
    was_published = innovation.is_published
    material = was_published and _is_material(innovation, details, tags)
    _apply(innovation, details, tags)
    if was_published:
        innovation.updated_at = clock.now()
        if details.update_note.strip():
            innovation.updates.append(InnovationUpdate(author_id=actor.id,
                                                       text=details.update_note.strip()))
    if material:
        _move(innovation, "change")
        innovation.submitted_at = clock.now()
    db.session.flush()
    audit.record("innovation.updated", innovation, actor=actor, material=material)
    return material


def submit_innovation(innovation: Innovation, *, actor) -> None:
    """Send the innovation to the moderation queue."""
    if not permissions.can_submit_innovation(actor, innovation):
        raise PermissionDenied()
    _move(innovation, "submit")
    innovation.submitted_at = clock.now()
    audit.record("innovation.submitted", innovation, actor=actor)


def _tell_organisation(innovation: Innovation, template: str, subject: str, **context) -> None:
    link = external_url("innovations.detail", innovation_id=innovation.id)
    for member in innovation.organisation.members:
        if member.membership == "active":
            notify(member, template, subject, innovation=innovation, link=link, **context)


def publish_innovation(innovation: Innovation, *, actor) -> None:
    """Admin: make a submitted innovation public and tell its organisation."""
    if not permissions.can_moderate_innovation(actor, innovation):
        raise PermissionDenied()
    _move(innovation, "publish")
    now = clock.now()
    innovation.published_at = now
    innovation.first_published_at = innovation.first_published_at or now
    innovation.status_reason = None
    audit.record("innovation.published", innovation, actor=actor)
    _tell_organisation(innovation, "innovation_published",
                       f"Your innovation is published: {innovation.title}")
    tell_alerts("innovation", innovation)


def return_innovation(innovation: Innovation, reason: str, *, actor) -> None:
    """Admin: send a submitted innovation back to its organisation with the reasons."""
    if not permissions.can_moderate_innovation(actor, innovation):
        raise PermissionDenied()
    if not reason.strip():
        raise ValidationFailed("Enter the reasons for returning the innovation", "reason")
    _move(innovation, "return")
    innovation.status_reason = reason.strip()
    audit.record("innovation.returned", innovation, actor=actor, reason=innovation.status_reason)
    _tell_organisation(innovation, "innovation_returned",
                       f"Changes needed before we publish: {innovation.title}",
                       reason=innovation.status_reason)


def withdraw_innovation(innovation: Innovation, reason: str, *, actor) -> None:
    """Admin: take a published innovation off the public pages, with the reason."""
    if not permissions.can_withdraw_innovation(actor, innovation):
        raise PermissionDenied()
    if not reason.strip():
        raise ValidationFailed("Enter the reason for withdrawing the innovation", "reason")
    _move(innovation, "withdraw")
    innovation.status_reason = reason.strip()
    audit.record("innovation.withdrawn", innovation, actor=actor, reason=innovation.status_reason)
    _tell_organisation(innovation, "innovation_withdrawn",
                       f"Your innovation has been withdrawn: {innovation.title}",
                       reason=innovation.status_reason)


def add_attachment(innovation: Innovation, storage, *, actor) -> None:
    """Attach a document; on a published innovation this is a change to moderate."""
    if not permissions.can_edit_innovation(actor, innovation):
        raise PermissionDenied()
    _attach(innovation, storage)
    if innovation.is_published:
        _move(innovation, "change")
        innovation.submitted_at = clock.now()
    db.session.flush()
    audit.record("innovation.attachment_added", innovation, actor=actor)


def remove_attachment(attachment: InnovationAttachment, *, actor) -> None:
    """Delete a document from an innovation the actor may edit."""
    innovation = attachment.innovation
    if not permissions.can_edit_innovation(actor, innovation):
        raise PermissionDenied()
    innovation.attachments.remove(attachment)
    uploads.delete_upload(attachment.stored_name)
    audit.record("innovation.attachment_removed", innovation, actor=actor,
                 filename=attachment.filename)


def express_interest(innovation: Innovation, message: str, reply_email: str, *,
                     actor) -> InnovationInterest:
    """A commissioner writes to the organisation; it can reply to the address they shared."""
    if not permissions.can_express_interest(actor, innovation):
        raise PermissionDenied()
    if not message.strip():
        raise ValidationFailed("Enter your message", "message")
    interest = InnovationInterest(
        innovation=innovation, organisation_id=actor.organisation_id, user_id=actor.id,
        message=message.strip(), reply_email=reply_email.strip().lower())
    db.session.add(interest)
    db.session.flush()
    audit.record("innovation.interest", innovation, actor=actor, interest=interest.id)
    for member in innovation.organisation.members:
        if member.membership == "active":
            notify(
                member, "innovation_interest",
                f"{actor.organisation.name} is interested in {innovation.title}",
                headers={"Reply-To": interest.reply_email},
                innovation=innovation, interest=interest,
                commissioner=actor, link=external_url("innovations.interests"))
    return interest


def linkable_opportunities(actor) -> list:
    """The actor's own published opportunities an adoption may point to."""
    return list(db.session.scalars(
        select(Opportunity).where(Opportunity.organisation_id == actor.organisation_id,
                                  Opportunity.published_at.is_not(None))
        .order_by(Opportunity.published_at.desc())))


def record_adoption(innovation: Innovation, local_area_code: str, started_on: date, *,
                    actor, opportunity_id: int | None = None) -> Adoption:
    """A commissioner records that they commissioned the innovation in an area from a date,
    optionally through one of their own published opportunities (and its contract)."""
    if not permissions.can_record_adoption(actor, innovation):
        raise PermissionDenied()
    through = {o.id: o for o in linkable_opportunities(actor)}.get(opportunity_id)
    if opportunity_id and through is None:
        raise ValidationFailed("Choose one of your organisation's published opportunities",
                               "opportunity_id")
    if db.session.get(LocalArea, local_area_code) is None:
        raise ValidationFailed("Select the local area from the list", "local_area")
    if started_on > clock.now().date():
        raise ValidationFailed("The start date must be today or in the past", "started_on")
    published_on = clock.to_uk(through.published_at).date() if through else None
    if published_on and started_on < published_on:
        # It was bought through the opportunity, so it cannot have started before that was out.
        raise ValidationFailed(
            f"The start date must be on or after {published_on.day} {published_on:%B %Y}, "
            f"when {through.title} was published", "started_on")
    duplicate = db.session.scalar(select(Adoption.id).where(
        Adoption.innovation_id == innovation.id,
        Adoption.organisation_id == actor.organisation_id,
        Adoption.local_area_code == local_area_code))
    if duplicate:
        raise ValidationFailed("You have already recorded an adoption in this area",
                               "local_area")
    adoption = Adoption(innovation=innovation, organisation_id=actor.organisation_id,
                        recorded_by_id=actor.id, local_area_code=local_area_code,
                        started_on=started_on, opportunity_id=opportunity_id or None)
    db.session.add(adoption)
    db.session.flush()
    audit.record("innovation.adopted", innovation, actor=actor, local_area=local_area_code,
                 started_on=started_on.isoformat())
    return adoption


def _code(value) -> str:
    return getattr(value, "code", value)


def matching_innovations(*, client_groups=(), outcomes=(), indicators=(),
                         limit: int = 5) -> list[Innovation]:
    """Published innovations that share tags (codes or rows) with something, most shared first.

    For the opportunity page's "innovations that could answer this".
    """
    parts = [
        select(table.c.innovation_id).where(column.in_([_code(v) for v in values]))
        for table, column, values in (
            (innovation_client_group, innovation_client_group.c.client_group_code, client_groups),
            (innovation_outcome, innovation_outcome.c.outcome_code, outcomes),
            (innovation_indicator, innovation_indicator.c.indicator_code, indicators),
        )
        if values
    ]
    if not parts:
        return []
    shared = union_all(*parts).subquery()
    overlap = select(shared.c.innovation_id, func.count().label("score")).group_by(
        shared.c.innovation_id).subquery()
    query = (
        select(Innovation)
        .join(overlap, overlap.c.innovation_id == Innovation.id)
        .where(Innovation.status == "published")
        .order_by(overlap.c.score.desc(), Innovation.first_published_at.desc(), Innovation.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))
