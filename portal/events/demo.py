"""The events the demo ships: the PSA's regional workshop in each of the nine Government
Office regions (dated from today), a market engagement day for one of Manchester's open
opportunities, a workshop that is full with a waiting list and one with a place left."""

from datetime import datetime, time, timedelta

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import Event, EventRegistration, Opportunity, Organisation, User

# (region code, city, venue, days from today, places, people registered, people waiting)
WORKSHOPS = [
    ("E12000001", "Newcastle", "Civic Centre, Barras Bridge, Newcastle upon Tyne", 9, 40, 6, 0),
    ("E12000002", "Manchester", "Town Hall Extension, St Peter's Square, Manchester", 12, 50, 18,
     0),
    ("E12000003", "Leeds", "Leeds Civic Hall, Calverley Street, Leeds", 15, 12, 12, 3),
    ("E12000004", "Nottingham", "Council House, Old Market Square, Nottingham", 18, 40, 9, 0),
    ("E12000005", "Birmingham", "Council House, Victoria Square, Birmingham", 21, 60, 14, 0),
    ("E12000006", "Cambridge", "The Guildhall, Market Square, Cambridge", 24, 35, 5, 0),
    ("E12000007", "London", "City Hall, Kamal Chunchie Way, London", 27, 30, 29, 0),
    ("E12000008", "Guildford", "Guildford Borough Council, Millmead, Guildford", 30, 40, 7, 0),
    ("E12000009", "Bristol", "City Hall, College Green, Bristol", 33, 40, 8, 0),
]
DESCRIPTION = """A free workshop on the Public Service Agreement for socially excluded adults
(PSA 16) for everyone who commissions or delivers services for its four client groups:
care leavers, adults in contact with secondary mental health services, adults with learning
disabilities and adult offenders under probation supervision.

* What the PSA asks for: a settled home and a job, training or education.
* How National Indicators 143 to 150 are measured, and how to agree Local Area Agreement
  targets for them.
* How commissioners can work with voluntary and community organisations, and how small
  charities can bid.

There is time to meet commissioners and providers from across {city}. Lunch is provided."""
MARKET_DAY = """Meet the commissioners before the deadline. We will explain the service we want,
the outcomes we will pay for and how bids will be scored, and answer your questions. Answers
are published on the opportunity page for everyone.

Voluntary and community organisations, and consortia of small providers, are welcome."""


def _at(days: int, hour: int) -> datetime:
    return clock.from_uk(clock.uk_today() + timedelta(days=days), time(hour, 0))


def _people(event: Event, registered: int, waiting: int, now: datetime) -> None:
    """Demonstration registrations (guests on example.org), without any email."""
    for n in range(registered + waiting):
        status = "registered" if n < registered else "waiting"
        event.registrations.append(EventRegistration(
            name=f"Demo guest {n + 1}", email=f"guest{n + 1}.{event.region_code}@example.org",
            status=status, queued_at=now + timedelta(minutes=n)))
    event.places_taken = registered


def _workshop(row, admin: User, now: datetime) -> Event:
    code, city, venue, days, places, registered, waiting = row
    event = Event(
        title=f"The PSA for socially excluded adults: a workshop in {city}", kind="workshop",
        region_code=code, starts_at=_at(days, 10), ends_at=_at(days, 15), venue=venue,
        audience="everyone", capacity=places, description=DESCRIPTION.format(city=city),
        organiser_id=admin.id, published_at=now)
    _people(event, registered, waiting, now)
    return event


def _market_day(now: datetime) -> Event | None:
    """A market engagement day for Manchester City Council's first open opportunity."""
    council = Organisation.by_name("Manchester City Council")
    opportunity = db.session.scalar(select(Opportunity).where(
        Opportunity.organisation_id == council.id, Opportunity.published_at.is_not(None),
        Opportunity.cancelled_at.is_(None), Opportunity.closes_at > now + timedelta(days=8))
        .order_by(Opportunity.closes_at))
    if opportunity is None:
        return None
    organiser = User.by_email("commissioner@example.org")
    return Event(
        title=f"Market engagement day: {opportunity.title}", kind="market-engagement",
        region_code="E12000002", starts_at=_at(6, 14), ends_at=_at(6, 16),
        venue="Manchester Central Library, St Peter's Square, Manchester",
        online_link="https://meet.example.org/manchester-market-day", audience="providers",
        capacity=60, description=MARKET_DAY, opportunity_id=opportunity.id,
        organiser_id=organiser.id, organisation_id=council.id, published_at=now)


def load(admin: User) -> None:
    now = clock.now()
    events = [_workshop(row, admin, now) for row in WORKSHOPS]
    market_day = _market_day(now)
    db.session.add_all(events + ([market_day] if market_day else []))
    db.session.flush()
