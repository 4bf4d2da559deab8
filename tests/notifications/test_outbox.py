"""The outbox: mail commits with its event, survives an SMTP outage, goes exactly once."""

import smtplib
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal import clock
from portal.auth import services
from portal.extensions import db
from portal.models import OutboundEmail
from portal.notifications.outbox import queue_email, send_due


def _queue(n: int) -> None:
    for i in range(n):
        queue_email("verify_email", f"person{i}@example.org", "Confirm your email address",
                    user={"name": f"Person {i}"}, link=f"http://127.0.0.1:5000/verify-email/t{i}")
    db.session.commit()


def _count(status: str) -> int:
    return db.session.scalar(select(func.count()).where(OutboundEmail.status == status))


def test_queued_mail_rolls_back_with_its_event(app):
    queue_email("verify_email", "a@example.org", "Confirm", user={"name": "A"}, link="x")
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(OutboundEmail)) == 0


def test_message_has_text_and_html_parts(app, inbox):
    _queue(1)
    send_due()
    [message] = inbox.messages
    assert message["Subject"] == "Confirm your email address"
    assert "http://127.0.0.1:5000/verify-email/t0" in inbox.text(message)
    html = message.get_body(preferencelist=("html",)).get_content()
    assert 'href="http://127.0.0.1:5000/verify-email/t0"' in html


def test_events_commit_while_smtp_is_down_and_mail_waits(app, inbox, make_user):
    inbox.stop()
    admin = make_user("admin")
    organisation_members = [make_user("commissioner", org_status="pending") for _ in range(3)]
    for member in organisation_members:
        services.decide_organisation(member.organisation, "verified", "", actor=admin)
    db.session.commit()
    report = send_due()
    assert report.sent == 0 and report.retrying == 1
    assert _count("pending") == 3
    assert all(m.organisation.status == "verified" for m in organisation_members)


def test_after_the_outage_each_message_is_delivered_exactly_once(app, inbox):
    inbox.stop()
    _queue(5)
    send_due()
    send_due()
    inbox.start()
    assert send_due().sent == 5
    assert send_due().sent == 0
    recipients = sorted(m["To"] for m in inbox.messages)
    assert recipients == sorted(f"person{i}@example.org" for i in range(5))
    assert _count("sent") == 5


def test_the_outbox_send_command_delivers_pending_mail(app, inbox, runner):
    _queue(2)
    result = runner.invoke(args=["outbox", "send"])
    assert "sent 2" in result.output
    assert len(inbox.messages) == 2


def test_temporary_failure_backs_off_exponentially(app, inbox):
    app.config["OUTBOX_BACKOFF_SECONDS"] = 60
    inbox.stop()
    _queue(1)
    before = clock.now()
    send_due()
    message = db.session.scalar(select(OutboundEmail))
    db.session.refresh(message)
    assert message.status == "pending" and message.attempts == 1
    assert message.next_attempt_at >= before + timedelta(seconds=59)
    assert "ConnectionRefusedError" in message.last_error


def test_message_fails_for_good_after_the_last_attempt(app, inbox):
    app.config["OUTBOX_MAX_ATTEMPTS"] = 2
    inbox.stop()
    _queue(1)
    send_due()
    send_due()
    assert _count("failed") == 1


def test_permanent_smtp_rejection_fails_at_once(app, inbox, monkeypatch):
    from portal.extensions import mail

    def refuse(message):
        raise smtplib.SMTPRecipientsRefused({message.recipients[0]: (550, b"No such user")})

    monkeypatch.setattr(mail, "send", refuse)
    _queue(2)
    report = send_due()
    assert report.failed == 2
    message = db.session.scalar(select(OutboundEmail).limit(1))
    assert "No such user" in message.last_error


def test_two_senders_at_once_send_each_message_once(app, inbox):
    _queue(30)
    errors = []

    def sender():
        with app.app_context():
            try:
                send_due()
            except Exception as error:  # surfaced below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=sender) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(inbox.messages) == 30
    assert len({m["To"] for m in inbox.messages}) == 30


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_sender_skips_messages_another_sender_is_claiming(app, inbox):
    """PostgreSQL row locks: a sender on another host holding two rows does not hold this one
    up (FOR UPDATE SKIP LOCKED); it sends the others, and the two stay for their holder."""
    _queue(4)
    ids = sorted(db.session.scalars(select(OutboundEmail.id)))
    db.session.commit()
    reports = []
    with db.engine.connect() as other:
        other.execute(select(OutboundEmail.id).where(OutboundEmail.id.in_(ids[:2]))
                      .with_for_update())

        def sender():
            with app.app_context():
                reports.append(send_due())
                db.session.remove()

        thread = threading.Thread(target=sender)
        started = time.monotonic()
        thread.start()
        thread.join(timeout=5)
        waited = time.monotonic() - started
        other.rollback()
    thread.join()
    assert waited < 5, "the sender waited for rows another sender had locked"
    assert reports[0].sent == 2
    assert sorted(m["To"] for m in inbox.messages) == ["person2@example.org",
                                                       "person3@example.org"]
    assert _count("pending") == 2


def test_a_sender_claims_due_messages_in_batches(app, inbox, monkeypatch):
    from portal.notifications import outbox

    monkeypatch.setattr(outbox, "BATCH", 2)
    _queue(5)
    assert send_due().sent == 5
    assert _count("sent") == 5


def test_messages_claimed_but_not_tried_go_back_to_the_queue(app, inbox, monkeypatch):
    from portal.notifications import outbox

    monkeypatch.setattr(outbox, "BATCH", 3)
    app.config["OUTBOX_BACKOFF_SECONDS"] = 60
    inbox.stop()
    _queue(3)
    report = send_due()
    assert report.retrying == 1
    assert _count("sending") == 0 and _count("pending") == 3
    inbox.start()
    assert send_due().sent == 2  # the two not tried are due at once; the first backs off
