"""The rules of guidance: staff write a draft, publish it as a new version (the public read
the latest; every earlier one is kept), and may withdraw it. The public see published pages
only, by any route."""

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal import audit, clock, permissions
from portal.errors import NotFound, PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.models import AUDIENCES, CLAUSE_UNITS, GuidancePage, GuidanceVersion, SocialClauseType
from portal.models.guidance import VERSIONED_FIELDS

# Which action each status allows (the one table of transitions).
TRANSITIONS = {
    "publish": {"draft", "published", "withdrawn"},
    "withdraw": {"published"},
}
# Words the staff pages use under /guidance/ that no page may take as its address.
RESERVED_SLUGS = {"new", "manage"}
PAGE_SIZE = 50


@dataclass
class PageContent:
    """What staff write on the page form (the draft's versioned fields)."""

    title: str
    summary: str = ""
    body: str = ""
    audiences: list[str] = field(default_factory=list)
    clause_type_code: str | None = None
    model_requirement: str | None = None
    model_unit: str | None = None
    model_minimum: Decimal | None = None


def _checked(content: PageContent, page: GuidancePage | None) -> PageContent:
    """The content cleaned, or ValidationFailed naming each field that breaks a rule."""
    content.title = (content.title or "").strip()
    content.summary = (content.summary or "").strip()
    content.model_requirement = (content.model_requirement or "").strip() or None
    content.clause_type_code = content.clause_type_code or None
    content.model_unit = content.model_unit or None
    errors = {}
    if not content.title:
        errors["title"] = "Enter a title"
    if not content.audiences or set(content.audiences) - set(AUDIENCES):
        errors["audiences"] = "Choose who the page is for"
    errors |= _model_clause_errors(content, page)
    if errors:
        raise ValidationFailed(errors)
    content.audiences = [code for code in AUDIENCES if code in content.audiences]
    return content


def _model_clause_errors(content: PageContent, page: GuidancePage | None) -> dict[str, str]:
    """Model wording is all or nothing, for one active clause type, on one page only."""
    model = (content.model_requirement, content.model_unit, content.model_minimum)
    if content.clause_type_code is None:
        return {"clause_type_code": "Choose the social clause this wording is for"} if any(
            value is not None for value in model) else {}
    clause_type = db.session.get(SocialClauseType, content.clause_type_code)
    if clause_type is None or not clause_type.active:
        return {"clause_type_code": "Choose a social clause from the list"}
    errors = {}
    if content.model_requirement is None:
        errors["model_requirement"] = "Enter the model requirement"
    if content.model_unit not in CLAUSE_UNITS:
        errors["model_unit"] = "Choose the unit"
    if content.model_minimum is None:
        errors["model_minimum"] = "Enter the minimum, like 5"
    elif content.model_unit == "percent" and content.model_minimum > 100:
        errors["model_minimum"] = "A percentage must be 100 or less"
    query = select(GuidancePage.slug).where(
        GuidancePage.clause_type_code == content.clause_type_code)
    if page is not None:
        query = query.where(GuidancePage.id != page.id)
    other = db.session.scalar(query)
    if other:
        errors["clause_type_code"] = f"The page “{other}” already has the wording for this clause"
    return errors


def slug_base(title: str) -> str:
    """A page's address from its title: "How to write a bid" -> how-to-write-a-bid."""
    # Accents go ("Café" -> cafe); every other mark, dashes included, separates words.
    letters = "".join(ch for ch in unicodedata.normalize("NFKD", title.lower())
                      if not unicodedata.combining(ch))
    base = re.sub(r"[^a-z0-9]+", "-", letters).strip("-")[:90].strip("-") or "page"
    return f"{base}-page" if base in RESERVED_SLUGS else base


def slug_for(title: str) -> str:
    """The address for a new page, made unique with a number. Set once: the address never
    changes, so links to it keep working."""
    base = slug_base(title)
    taken = set(db.session.scalars(select(GuidancePage.slug).where(
        GuidancePage.slug.startswith(base))))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _require_staff(actor) -> None:
    if not permissions.can_edit_guidance(actor):
        raise PermissionDenied()


def create_page(content: PageContent, *, actor) -> GuidancePage:
    """Start a page as a draft: nobody but staff sees it until it is published."""
    _require_staff(actor)
    content = _checked(content, None)
    page = GuidancePage(slug=slug_for(content.title), status="draft",
                        created_by_id=actor.id, **asdict(content))
    db.session.add(page)
    db.session.flush()
    audit.record("guidance.created", page, actor=actor, title=page.title)
    return page


def update_page(page: GuidancePage, content: PageContent, *, actor) -> None:
    """Change the draft. The public go on reading the published version until staff publish."""
    _require_staff(actor)
    for name, value in asdict(_checked(content, page)).items():
        setattr(page, name, value)
    page.updated_at = clock.now()
    audit.record("guidance.updated", page, actor=actor)


def publish(page: GuidancePage, *, reviewed_on: date, change_note: str,
            actor) -> GuidanceVersion:
    """Publish the draft as the next version, with the date it was last reviewed. Earlier
    versions stay, so staff can see what the page said and when."""
    _require_staff(actor)
    if page.status not in TRANSITIONS["publish"]:
        raise ValidationFailed("This page cannot be published", "status")
    if reviewed_on > clock.uk_today():
        raise ValidationFailed("The review date must be today or in the past", "reviewed_on")
    version = GuidanceVersion(
        number=len(page.versions) + 1, reviewed_on=reviewed_on,
        change_note=(change_note or "").strip(), published_at=clock.now(),
        published_by_id=actor.id, **{name: getattr(page, name) for name in VERSIONED_FIELDS})
    page.versions.append(version)
    page.status = "published"
    page.updated_at = version.published_at
    audit.record("guidance.published", page, actor=actor, version=version.number)
    return version


def withdraw(page: GuidancePage, *, actor) -> None:
    """Take a published page off the public site (and out of search); its history stays."""
    _require_staff(actor)
    if page.status not in TRANSITIONS["withdraw"]:
        raise ValidationFailed("Only a published page can be withdrawn", "status")
    page.status = "withdrawn"
    page.updated_at = clock.now()
    audit.record("guidance.withdrawn", page, actor=actor)


# ---- Reading ---------------------------------------------------------------------------------

def get_page(slug: str, *, actor) -> GuidancePage:
    """A page the actor may see; for anyone else it does not exist."""
    page = db.session.scalar(select(GuidancePage).where(GuidancePage.slug == slug))
    if page is None or not permissions.can_view_guidance(actor, page):
        raise NotFound()
    return page


def get_version(page: GuidancePage, number: int, *, actor) -> GuidanceVersion:
    """One published version of a page, old or current: for staff only."""
    if not permissions.can_read_guidance_history(actor):
        raise PermissionDenied()
    version = next((v for v in page.versions if v.number == number), None)
    if version is None:
        raise NotFound()
    return version


def _published():
    return (select(GuidancePage).where(GuidancePage.status == "published")
            .options(selectinload(GuidancePage.versions)))


def _by_title() -> list[GuidancePage]:
    """Every published page, by title as published (a few dozen: sorted here)."""
    return sorted(db.session.scalars(_published()), key=lambda p: p.current.title.lower())


def published_pages(*, page: int = 1, per_page: int = PAGE_SIZE) -> tuple[list, int]:
    """One page of published guidance, by title, and how many there are in all."""
    pages = _by_title()
    start = (page - 1) * per_page
    return pages[start:start + per_page], len(pages)


def by_audience() -> dict[str, list[GuidancePage]]:
    """Published pages grouped by audience code (a page for several is in each group)."""
    pages = _by_title()
    return {code: [p for p in pages if code in p.current.audiences] for code in AUDIENCES}


def every_page(*, actor) -> list[GuidancePage]:
    """Every page in any state, for the staff list."""
    _require_staff(actor)
    return list(db.session.scalars(select(GuidancePage).order_by(GuidancePage.title)
                                   .options(selectinload(GuidancePage.versions))))


def is_published_slug(slug: str) -> bool:
    """Whether a page with this address is published (so a link to it may be shown)."""
    return db.session.scalar(select(GuidancePage.id).where(
        GuidancePage.slug == slug, GuidancePage.status == "published")) is not None


def model_clauses() -> dict[str, GuidanceVersion]:
    """The published model wording by social clause type code: what the social clause form
    offers to fill in with one click."""
    versions = [page.current for page in db.session.scalars(_published())]
    return {v.clause_type_code: v for v in versions if v.has_model_clause}
