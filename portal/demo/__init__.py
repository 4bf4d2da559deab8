"""Demo content for `make run`: organisations, one account per role, and innovations.

Every password here is public (it is in the README): demo data is for a
laptop, never for production.
"""

import json
from datetime import timedelta

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from portal import clock
from portal.alerts import services as alerts
from portal.alerts.follows import follow
from portal.areas import demo as areas_demo
from portal.auth.passwords import hash_password
from portal.demo import opportunities as demo_opportunities
from portal.events import demo as demo_events
from portal.extensions import db
from portal.feedback import demo as feedback_demo
from portal.guidance import demo_pages as guidance_pages
from portal.library.demo_entries import CITES, ENTRIES
from portal.library.services import contribute, import_entries
from portal.models import (
    Adoption,
    ClientGroup,
    Indicator,
    Innovation,
    LocalArea,
    Opportunity,
    Organisation,
    User,
)
from portal.permissions import COMMAND_LINE

DEMO_PASSWORD = "demo-portal-2009"

ORGANISATIONS = [
    ("Manchester City Council", "local-authority", "verified", None),
    ("Greater Manchester Probation Trust", "probation-trust", "verified", None),
    ("Leeds Partnerships NHS Foundation Trust", "mental-health-trust", "pending", None),
    ("Step Forward Housing", "charity", "verified", "1101234"),
    ("Routes to Work CIC", "social-enterprise", "pending", None),
    ("Open Door Community Group", "community-group", "pending", None),
    ("Second Chance Enterprises", "social-enterprise", "verified", None),
    ("Mind the Gap Leeds", "charity", "verified", "1112233"),
]

ACCOUNTS = [
    ("commissioner@example.org", "Cara Commissioner", "Manchester City Council", False),
    ("provider@example.org", "Pat Provider", "Step Forward Housing", False),
    ("admin@example.org", "Ada Admin", None, True),
    ("probation@example.org", "Priya Probation", "Greater Manchester Probation Trust", False),
    ("enterprise@example.org", "Sam Enterprise", "Second Chance Enterprises", False),
    ("leeds@example.org", "Lee Leeds", "Mind the Gap Leeds", False),
]

# (title, organisation, client groups, indicators, stage, evidence, cost, areas, needs, summary)
INNOVATIONS = [
    ("Employer mentors for care leavers", "Step Forward Housing", ["care-leavers"], ["NI 148"],
     "scaling", 4, 850, ["E08000003", "E08000006"], ["commissioner"],
     "Volunteer mentors from local firms meet care leavers weekly until they hold a job."),
    ("Supported lodgings with trained hosts", "Step Forward Housing", ["care-leavers"],
     ["NI 147"], "evidence-of-impact", 3, 4200, ["E08000003"], ["funding", "partner"],
     "Trained local hosts offer a room and support to care leavers for up to two years."),
    ("Tenancy-ready course in probation offices", "Second Chance Enterprises", ["offenders"],
     ["NI 143"], "pilot", 2, 320, ["E08000003"], ["premises"],
     "A six-week course run in probation offices that landlords accept as a reference."),
    ("Kitchen brigade: catering jobs after prison", "Second Chance Enterprises", ["offenders"],
     ["NI 144"], "scaling", 5, 2600, ["E08000003", "E09000028"], ["commissioner"],
     "A social enterprise kitchen that trains and employs people on licence."),
    ("Individual placement and support in primary care", "Mind the Gap Leeds",
     ["mental-health"], ["NI 150"], "evidence-of-impact", 4, 1900, ["E08000035"],
     ["commissioner", "partner"],
     "Employment specialists join community mental health teams and find paid work fast."),
    ("Peer-led housing first for adults on the CPA", "Mind the Gap Leeds", ["mental-health"],
     ["NI 149"], "pilot", 2, 7800, ["E08000035"], ["funding"],
     "Peer workers help people on the Care Programme Approach into their own tenancy."),
    ("Shared Lives for adults with learning disabilities", "Step Forward Housing",
     ["learning-disabilities"], ["NI 145"], "scaling", 3, 5100, ["E06000052"], ["partner"],
     "Adults with learning disabilities live with approved carers instead of residential care."),
    ("Supported internships with the council", "Mind the Gap Leeds", ["learning-disabilities"],
     ["NI 146"], "evidence-of-impact", 3, 3000, ["E08000035"], ["commissioner"],
     "A year-long internship with job coaching inside council departments."),
    ("Care leavers' apprenticeship ring-fence", "Second Chance Enterprises", ["care-leavers"],
     ["NI 148"], "idea", 1, None, [], ["commissioner", "partner"],
     "Contractors reserve a share of apprenticeships for care leavers as a social clause."),
    ("Through-the-gate housing advice", "Second Chance Enterprises", ["offenders"], ["NI 143"],
     "idea", 1, 150, ["E08000003"], ["funding"],
     "Housing advisers meet prisoners before release so no one leaves with nowhere to go."),
    ("Recovery college courses on getting back to work", "Mind the Gap Leeds",
     ["mental-health", "learning-disabilities"], ["NI 150", "NI 146"], "pilot", 2, 400,
     ["E08000035"], [],
     "Free courses co-written by people with lived experience, open to anyone in the area."),
]
# (innovation title, commissioning body, local area, months ago): spread to other regions.
ADOPTIONS = [
    ("Employer mentors for care leavers", "Manchester City Council", "E09000028", 18),
    ("Employer mentors for care leavers", "Manchester City Council", "E08000035", 6),
    ("Kitchen brigade: catering jobs after prison", "Greater Manchester Probation Trust",
     "E06000052", 12),
]
WAITING_FOR_MODERATION = "Moving-on flats with a night concierge"



def database_is_empty() -> bool:
    return db.session.scalar(select(Organisation.id).limit(1)) is None


def load() -> None:
    now = clock.now()
    by_name = {}
    for name, kind, status, charity_number in ORGANISATIONS:
        organisation = Organisation(
            name=name, name_key=Organisation.key_for(name), kind=kind, status=status,
            charity_number=charity_number, status_changed_at=now if status != "pending" else None,
        )
        db.session.add(organisation)
        by_name[name] = organisation
    password_hash = hash_password(DEMO_PASSWORD)
    for email, name, organisation, admin in ACCOUNTS:
        db.session.add(User(
            email=email, name=name, password_hash=password_hash,
            organisation=by_name.get(organisation), membership="active",
            is_admin=admin, email_verified_at=now,
        ))
    db.session.flush()
    demo_opportunities.load()
    demo_opportunities.load_awards()
    demo_opportunities.load_panel()
    demo_opportunities.load_standstill()
    feedback_demo.load()
    _load_innovations(by_name, now)
    _load_library()
    _load_alerts()
    areas_demo.load()
    guidance_pages.load(User.by_email("admin@example.org"))
    demo_events.load(User.by_email("admin@example.org"))


def _innovation(title, organisation, groups, indicators, stage, evidence, cost, areas, needs,
                summary, now) -> Innovation:
    member = organisation.members[0]
    return Innovation(
        organisation=organisation, created_by=member, title=title, summary=summary,
        problem="Too few people in this group reach a settled home or a job, and services "
                "rarely hand them on to each other.",
        approach=summary + " Staff follow each person for a year and record what happened.",
        stage=stage, evidence_level=evidence,
        evidence_justification="Our own records of the people we worked with.",
        cost_per_person_gbp=cost, needs=needs, contact_name=member.name,
        contact_email=member.email,
        client_groups=[db.session.get(ClientGroup, code) for code in groups],
        outcomes=sorted({db.session.get(Indicator, code).outcome for code in indicators},
                        key=lambda outcome: outcome.code),
        indicators=[db.session.get(Indicator, code) for code in indicators],
        local_areas=[db.session.get(LocalArea, code) for code in areas],
        status="published", created_at=now, submitted_at=now, published_at=now,
        first_published_at=now,
    )


def _load_innovations(by_name: dict, now) -> None:
    """Eleven published innovations, a few adoptions elsewhere, and one waiting for an admin."""
    by_title = {}
    for age, (title, organisation, *rest) in enumerate(INNOVATIONS):
        published = now - timedelta(days=7 * (len(INNOVATIONS) - age))
        innovation = _innovation(title, by_name[organisation], *rest, now=published)
        db.session.add(innovation)
        by_title[title] = innovation
    waiting = _innovation(WAITING_FOR_MODERATION, by_name["Step Forward Housing"],
                          ["care-leavers"], ["NI 147"], "pilot", 2, 3600, ["E08000003"],
                          ["funding"], "Care leavers move on from hostels into flats with a "
                          "concierge who knows them.", now=now)
    waiting.status, waiting.published_at, waiting.first_published_at = "submitted", None, None
    db.session.add(waiting)
    for title, body, area, months in ADOPTIONS:
        organisation = by_name[body]
        db.session.add(Adoption(
            innovation=by_title[title], organisation=organisation,
            recorded_by=organisation.members[0], local_area_code=area,
            started_on=now.date() - timedelta(days=30 * months)))
    db.session.flush()


def _load_library() -> None:
    """Published practice library entries, and one waiting for moderation."""
    numbers = dict(db.session.execute(select(Innovation.title, Innovation.id)).all())
    records = [record | {"innovations": [numbers[t] for t in CITES.get(record["title"], [])]}
               for record in ENTRIES[1:]]
    import_entries([json.dumps(record) for record in records], actor=COMMAND_LINE)
    contribute(ENTRIES[0], actor=User.by_email("provider@example.org"))


def _load_alerts() -> None:
    """The demo provider watches care leavers' work and housing in the North West, and
    follows one open opportunity."""

    provider = User.by_email("provider@example.org")
    for source, args, name, frequency in (
        ("search", [("q", "employment"), ("client_group", "care-leavers")],
         "Care leavers into work", "immediately"),
        ("opportunities", [("outcome", "accommodation"), ("region", "E12000002")],
         "Housing contracts in the North West", "daily"),
    ):
        alerts.create(alerts.Watch(source, MultiDict(args)), name, frequency, actor=provider)
    opened = db.session.scalars(select(Opportunity).order_by(Opportunity.id)).all()
    first_open = next(o for o in opened if o.status == "open")
    follow(first_open, actor=provider)
