"""The outbox: mail commits with its event, survives an SMTP outage, goes exactly once."""

import smtplib
import threading
from datetime import timedelta

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
