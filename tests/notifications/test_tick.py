"""`flask notify tick`: reminders, bids ready and digests, each once, whenever it runs."""

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.alerts import follows
from portal.bids import services as bids
from portal.extensions import db
from portal.jobs import tick, time_left
from portal.models import OutboundEmail
from portal.notifications.outbox import send_due
from tests.bids.helpers import complete_input
from tests.notifications.support import mail, recipients

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def closing(make_opportunity, make_user, commissioner, clock):
    """Closes in 100 hours. A: submitted bid. B: draft bid (two members). A follower."""
    opportunity = make_opportunity("open", closes_at=clock.current + timedelta(hours=100))
    a = make_user("provider")
    b1 = make_user("provider")
    b2 = make_user("provider", organisation=b1.organisation)
    follower = make_user("provider")
    a_follows = make_user("provider", organisation=a.organisation)
    submitted = bids.start_bid(opportunity, actor=a)
    db.session.flush()
    bids.submit(submitted, complete_input(opportunity), revision=submitted.revision, actor=a)
    bids.start_bid(opportunity, actor=b1)
    follows.follow(opportunity, actor=follower)
    follows.follow(opportunity, actor=a_follows)  # its organisation has submitted
    db.session.commit()
    db.session.execute(db.delete(OutboundEmail))  # the receipt: not under test
    db.session.commit()
    colleague = make_user("commissioner", organisation=commissioner.organisation)
    return dict(opportunity=opportunity, a=a, b1=b1, b2=b2, follower=follower,
                commissioner=commissioner, colleague=colleague)


def emails(*people):
    return sorted(person.email for person in people)


def test_the_72_hour_reminder_goes_to_unsubmitted_drafts_and_followers(closing, clock):
    clock.set(closing["opportunity"].closes_at - timedelta(hours=73))
    assert tick().reminders == 0
    clock.advance(timedelta(hours=1, seconds=1))
    assert tick().reminders == 3
    assert recipients("deadline_reminder") == emails(closing["b1"], closing["b2"],
                                                     closing["follower"])
    draft_mail = next(m for m in mail("deadline_reminder") if m.recipient == closing["b1"].email)
    assert draft_mail.subject.startswith("Closes in 72 hours")
    assert "draft bid that has not been submitted" in draft_mail.body_text
    assert "/bids/" in draft_mail.body_text  # the one link they need: their own bid


def test_each_reminder_goes_once_and_the_24_hour_one_follows(closing, clock):
    closes_at = closing["opportunity"].closes_at
    clock.set(closes_at - timedelta(hours=71))
    tick()
    tick()  # again in the same minute
    assert len(mail("deadline_reminder")) == 3
    clock.set(closes_at - timedelta(hours=23))
    assert tick().reminders == 3
    assert tick().reminders == 0
    subjects = sorted(m.subject.split(":")[0] for m in mail("deadline_reminder"))
    assert subjects == ["Closes in 23 hours"] * 3 + ["Closes in 71 hours"] * 3


def test_a_skipped_hour_is_caught_up_once(closing, clock):
    closes_at = closing["opportunity"].closes_at
    clock.set(closes_at - timedelta(hours=72, minutes=30))
    tick()
    clock.set(closes_at - timedelta(hours=71, minutes=30))  # no tick ran for an hour
    assert tick().reminders == 3
    clock.advance(timedelta(minutes=1))
    assert tick().reminders == 0
    assert len(mail("deadline_reminder")) == 3


def test_after_a_long_outage_only_the_latest_reminder_goes(closing, clock):
    clock.set(closing["opportunity"].closes_at - timedelta(hours=20))
    tick()
    assert {m.subject.split(":")[0] for m in mail("deadline_reminder")} == {"Closes in 20 hours"}
    assert {m.dedupe_key.split(":")[0] for m in mail("deadline_reminder")} == {"reminder-24h"}


def test_a_reminder_says_the_time_really_left(closing, clock, inbox):
    """The tick was down for most of the last day: 18 minutes left, not "24 hours"."""
    clock.set(closing["opportunity"].closes_at - timedelta(minutes=18, seconds=30))
    assert tick().reminders == 3
    send_due()
    [message] = inbox.to(closing["b1"].email)
    assert message["Subject"] == f"Closes in 18 minutes: {closing['opportunity'].title}"
    assert "closes in 18 minutes, at" in inbox.text(message)


@pytest.mark.parametrize(("left", "says"), [
    (timedelta(hours=72), "72 hours"),
    (timedelta(hours=71, minutes=57), "72 hours"),  # a tick a few minutes late
    (timedelta(hours=71, minutes=50), "71 hours"),  # never rounded up by more than 5 minutes
    (timedelta(hours=1, minutes=40), "1 hour"),
    (timedelta(minutes=59), "59 minutes"),
    (timedelta(minutes=1, seconds=59), "1 minute"),
])
def test_the_time_left_in_words_never_says_more_than_5_minutes_too_much(left, says):
    assert time_left(left) == says


def test_no_reminder_when_it_would_arrive_too_late_to_act_on(closing, clock):
    clock.set(closing["opportunity"].closes_at - timedelta(minutes=14))
    assert tick().reminders == 0


def test_no_reminder_after_the_deadline_or_for_a_cancelled_opportunity(closing, clock):
    from portal.opportunities.services import cancel

    opportunity = closing["opportunity"]
    cancel(opportunity, "Budget withdrawn", actor=closing["commissioner"])
    db.session.commit()
    clock.set(opportunity.closes_at - timedelta(hours=10))
    assert tick().reminders == 0


def test_bids_ready_goes_to_the_commissioning_body_once_at_closing(closing, clock):
    closes_at = closing["opportunity"].closes_at
    clock.set(closes_at - timedelta(minutes=1))
    assert tick().bids_ready == 0
    clock.set(closes_at)
    assert tick().bids_ready == 2
    assert recipients("bids_ready") == emails(closing["commissioner"], closing["colleague"])
    [message] = [m for m in mail("bids_ready") if m.recipient == closing["commissioner"].email]
    assert message.subject.startswith("1 bid ready to open")
    clock.advance(timedelta(days=3))
    assert tick().bids_ready == 0


def test_with_no_bids_the_commissioner_hears_so_and_how_to_close_it(make_opportunity,
                                                                   commissioner, clock, inbox):
    opportunity = make_opportunity("open")
    clock.set(opportunity.closes_at)
    assert tick().bids_ready == 1
    send_due()
    [message] = inbox.to(commissioner.email)
    assert message["Subject"] == f"No bids received: {opportunity.title}"
    text = inbox.text(message)
    assert "0 bids" not in text and "No bids were received" in text
    assert f"http://127.0.0.1:5000/opportunities/{opportunity.id}/not-awarded" in text


def test_the_tick_command_reports_what_it_queued(closing, clock, runner):
    clock.set(closing["opportunity"].closes_at - timedelta(hours=50))
    result = runner.invoke(args=["notify", "tick"])
    assert result.exit_code == 0, result.output
    assert "queued 3 reminders, 0 bids-ready notices, 0 digests" in result.output


def test_two_ticks_in_two_processes_at_once_queue_each_message_once(
        app, make_opportunity, make_user, commissioner):
    """Real time here: each process has its own clock. Several openings closing within
    72 hours, each with drafts, so the two processes overlap on many keys."""
    from portal import clock

    people = []
    for n in range(6):
        opportunity = make_opportunity("open", closes_at=clock.now() + timedelta(hours=30 + n))
        for _ in range(2):
            provider = make_user("provider")
            bids.start_bid(opportunity, actor=provider)
            people.append((opportunity.id, provider.id))
    db.session.commit()
    command = [sys.executable, "-m", "tests.notifications.worker",
               app.config["SQLALCHEMY_DATABASE_URI"], app.config["SEARCH_INDEX_DIR"], "3"]
    workers = [subprocess.Popen(command, cwd=ROOT) for _ in range(2)]
    assert [worker.wait(timeout=120) for worker in workers] == [0, 0]
    keys = list(db.session.scalars(select(OutboundEmail.dedupe_key).where(
        OutboundEmail.template == "deadline_reminder")))
    assert sorted(keys) == sorted(f"reminder-72h:{o}:{u}" for o, u in people)
