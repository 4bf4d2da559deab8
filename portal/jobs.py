"""Everything due by time: deadline reminders, bids ready to open, alert digests, standstill,
outcome report and event reminders.

`flask notify tick` runs this every minute. It works from what is due now, never from the
time of the last run, so a missed hour is caught up; and each message has a unique
`dedupe_key` per event and recipient, so two ticks at once (two hosts, or a rerun after a
crash) queue it once: the loser's insert hits the unique index and is rolled back.
Each message commits on its own, so one failure never holds back the rest.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal import clock
from portal.alerts import services as alerts
from portal.alerts.follows import followers
from portal.bids.award import deciders
from portal.bids.queries import submitted_bid_count
from portal.contracts import schedule
from portal.events import registrations as event_registrations
from portal.extensions import db
from portal.models import STANDSTILL_MAX_DAYS, AwardIntention, Bid, Opportunity, OutboundEmail, User
from portal.notifications.events import active_members, notify, sealed_with_bids
from portal.urls import external_url

# Hours before `closes_at` at which organisations with an unsubmitted draft are reminded.
REMINDERS = (72, 24)
# A reminder queued with less time left than this would arrive too late to act on.
LAST_REMINDER = timedelta(minutes=15)
# How far `time_left` may round up, so that a tick a few minutes late still says "72 hours".
ROUNDING_GRACE = timedelta(minutes=5)


@dataclass
class TickReport:
    reminders: int = 0
    bids_ready: int = 0
    digests: int = 0
    standstill: int = 0
    reports: int = 0
    events: int = 0

    def __str__(self) -> str:
        return (f"queued {self.reminders} reminders, {self.bids_ready} bids-ready notices, "
                f"{self.digests} digests, {self.standstill} standstill reminders, "
                f"{self.reports} outcome report reminders, "
                f"{self.events} event reminders")


def _taken(key: str) -> bool:
    return db.session.scalar(select(OutboundEmail.id).where(OutboundEmail.dedupe_key == key)
                             ) is not None


def _once(key: str, queue: Callable[..., object]) -> bool:
    """Queue one keyed message (`queue(dedupe_key=key)`) in its own transaction; False if it
    was already queued, by this tick or another."""
    db.session.commit()
    if _taken(key):
        return False
    try:
        if queue(dedupe_key=key) is False:
            db.session.commit()  # nothing to say, but what `queue` marked as done stays done
            return False
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # another tick queued it first
        return False
    return True


def _unsettled():
    o = Opportunity
    return (o.published_at.is_not(None), o.cancelled_at.is_(None), o.awarded_at.is_(None),
            o.not_awarded_at.is_(None))


def _reminder_window(opportunity: Opportunity, now: datetime) -> int:
    """The latest reminder due: 24 when under 24 hours are left (the 72 is then moot)."""
    left = opportunity.closes_at - now
    return min(hours for hours in REMINDERS if left <= timedelta(hours=hours))


def time_left(left: timedelta) -> str:
    """The time left before a deadline, in words, as a reminder says it: whole hours, or minutes
    in the last hour. Rounded down, except that up to ROUNDING_GRACE counts as the next hour."""
    minutes = int(left.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = int((left + ROUNDING_GRACE).total_seconds() // 3600)
    return f"{hours} hour{'s' if hours != 1 else ''}"


def reminder_recipients(opportunity: Opportunity) -> list[User]:
    """Members of organisations with a draft bid not yet submitted, and followers whose
    organisation has not submitted a bid. Never the commissioning body."""
    bids = db.session.execute(select(Bid.organisation_id, Bid.status).where(
        Bid.opportunity_id == opportunity.id)).all()
    drafting = {org for org, status in bids if status == "draft"}
    submitted = {org for org, status in bids if status == "submitted"}
    people = {m.id: m for org in sorted(drafting) for m in active_members(org)}
    for follower in followers(opportunity.id):
        if follower.organisation_id == opportunity.organisation_id:
            continue
        if follower.organisation_id in submitted and follower.membership == "active":
            continue
        people.setdefault(follower.id, follower)
    return [people[key] for key in sorted(people)]


def queue_reminders(now: datetime) -> int:
    """Remind those with a draft (and followers) at 72 and 24 hours, saying the time really
    left: after an outage it may be much less. None in the last LAST_REMINDER."""
    horizon = now + timedelta(hours=max(REMINDERS))
    closing = db.session.scalars(select(Opportunity).where(
        *_unsettled(), Opportunity.closes_at > now + LAST_REMINDER,
        Opportunity.closes_at <= horizon)
        .order_by(Opportunity.closes_at, Opportunity.id)).all()
    queued = 0
    for opportunity in closing:
        hours = _reminder_window(opportunity, now)
        left = time_left(opportunity.closes_at - now)
        bid_ids = dict(db.session.execute(select(Bid.organisation_id, Bid.reference).where(
            Bid.opportunity_id == opportunity.id, Bid.status == "draft")).all())
        for person in reminder_recipients(opportunity):
            reference = bid_ids.get(person.organisation_id) \
                if person.membership == "active" else None
            link = (external_url("bids.detail", reference=reference) if reference
                    else external_url("opportunities.detail", opportunity_id=opportunity.id))
            queued += _once(f"reminder-{hours}h:{opportunity.id}:{person.id}", partial(
                notify, person, "deadline_reminder",
                f"Closes in {left}: {opportunity.title}", link=link,
                sealed_until=sealed_with_bids(opportunity),
                opportunity=opportunity, time_left=left, has_draft=bool(reference)))
    return queued


def _closing_notice(opportunity: Opportunity) -> tuple[str, str, str, int]:
    """(template, subject, link, bids received) for the commissioning body at closing. With no
    bids there is nothing to open: it hears so, and is sent to close it without an award."""
    received = submitted_bid_count(opportunity.id)
    if not received:
        return ("no_bids", f"No bids received: {opportunity.title}",
                external_url("opportunities.not_awarded", opportunity_id=opportunity.id), 0)
    return ("bids_ready", f"{received} bid{'s' if received != 1 else ''} ready to open: "
            f"{opportunity.title}", external_url("bids.received", opportunity_id=opportunity.id),
            received)


def queue_bids_ready(now: datetime) -> int:
    closed = db.session.scalars(select(Opportunity).where(
        *_unsettled(), Opportunity.closes_at <= now).order_by(Opportunity.id)).all()
    queued = 0
    for opportunity in closed:
        template, subject, link, received = _closing_notice(opportunity)
        for member in active_members(opportunity.organisation_id):
            queued += _once(f"bids-ready:{opportunity.id}:{member.id}", partial(
                notify, member, template, subject, link=link, opportunity=opportunity,
                received=received))
    return queued


def queue_digests(now: datetime) -> int:
    queued = 0
    for frequency, user_id, slot in alerts.digests_due(now):
        queued += _once(alerts.digest_key(frequency, user_id, slot),
                        partial(alerts.queue_digest, frequency, user_id, slot))
    return queued


def queue_standstill_reminders(now: datetime) -> int:
    """Tell whoever decides the award the day before its standstill ends, and once it has
    ended that they can confirm (each once per intention and person)."""
    waiting = db.session.scalars(select(AwardIntention).where(
        AwardIntention.withdrawn_at.is_(None), AwardIntention.confirmed_at.is_(None),
        AwardIntention.notified_at > now - timedelta(days=STANDSTILL_MAX_DAYS + 30))
        .order_by(AwardIntention.id)).all()
    queued = 0
    for intention in waiting:
        left = intention.standstill_ends_at - now
        if left > timedelta(days=1):
            continue
        ended = left <= timedelta(0)
        opportunity = intention.opportunity
        subject = (f"You can now confirm the award: {opportunity.title}" if ended
                   else f"Standstill ends tomorrow: {opportunity.title}")
        for person in deciders(opportunity):
            queued += _once(f"standstill-{'ended' if ended else 'ends'}:{intention.id}:"
                            f"{person.id}", partial(
                notify, person, "standstill_reminder", subject,
                link=external_url("bids.award", opportunity_id=opportunity.id),
                opportunity=opportunity, intention=intention, ended=ended))
    return queued


# An outcome report is reminded this many days before it is due; one overdue for longer than
# OVERDUE_CHASED is not chased by email (a schedule derived for an old contract would
# otherwise send a burst), but still shows as overdue on both sides' pages.
REPORT_DUE_SOON = 7
OVERDUE_CHASED = 30


def _days_left(days: int) -> str:
    return {0: "today", 1: "tomorrow"}.get(days, f"in {days} days")


def _report_reminder(period, person, today, *, overdue: bool, provider: bool):
    """The message for one person about one period: due soon, or overdue."""
    contract = period.contract
    title = contract.opportunity.title
    subject = (f"Outcome report overdue: {title}" if overdue else
               f"Outcome report due {_days_left((period.due_on - today).days)}: {title}")
    return partial(
        notify, person, "report_overdue" if overdue else "report_due", subject,
        link=external_url("contracts.detail", contract_id=contract.id,
                          _anchor=f"period-{period.id}"),
        contract=contract, period=period, provider=provider)


def queue_report_reminders(now: datetime) -> int:
    """Tell the provider an outcome report is due within REPORT_DUE_SOON days, and both the
    provider and the commissioning body once it is overdue (each once per period and
    person). A period with a report waiting or confirmed owes nothing."""
    today = clock.to_uk(now).date()
    queued = 0
    for period in schedule.periods_due(today, within=REPORT_DUE_SOON,
                                       overdue_for=OVERDUE_CHASED):
        if not schedule.needs_report(period) or period.ends_on >= today:
            continue
        overdue = today > period.due_on
        contract = period.contract
        people = [(p, True) for p in active_members(contract.organisation_id)]
        if overdue:
            people += [(p, False) for p in active_members(contract.opportunity.organisation_id)]
        for person, provider in people:
            key = f"report-{'overdue' if overdue else 'due'}:{period.id}:{person.id}"
            queued += _once(key, _report_reminder(period, person, today, overdue=overdue,
                                                  provider=provider))
    return queued
def queue_event_reminders(now: datetime) -> int:
    """Remind each person with a place at an event the day before it (once)."""
    return sum(_once(f"event-reminder:{registration.id}",
                     partial(event_registrations.queue_reminder, registration))
               for registration in event_registrations.due_reminders(now))


def tick(now: datetime | None = None) -> TickReport:
    """Queue everything due at `now` (default: the clock). Safe to run at any time, often."""
    now = now or clock.now()
    report = TickReport(reminders=queue_reminders(now), bids_ready=queue_bids_ready(now),
                        digests=queue_digests(now), standstill=queue_standstill_reminders(now),
                        reports=queue_report_reminders(now),
                        events=queue_event_reminders(now))
    db.session.commit()
    return report
