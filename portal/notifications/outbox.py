"""The outbox: queue a message inside the event's transaction; deliver it later.

`queue_email` only adds a row to the session, so the message commits or rolls
back with the change it reports. `send_due` is the only sender: it claims due
rows a batch at a time with one atomic update (safe with several senders on
several hosts at once: on PostgreSQL a sender skips the rows another is claiming,
`FOR UPDATE SKIP LOCKED`, rather than waiting for them), sends each through
Flask-Mail, and records the result. Temporary failures retry with exponential
back-off; a 5xx answer from the server fails the message for good.
"""

import smtplib
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import formatdate

from flask import current_app, render_template
from flask_mail import Message
from sqlalchemy import select, update

from portal import clock
from portal.extensions import db, mail
from portal.models import OutboundEmail

# A claim older than this is taken to belong to a sender that crashed mid-send. A batch is
# claimed at once, so BATCH × MAIL_TIMEOUT (20 × 10 s) must stay well below it.
STALE_CLAIM = timedelta(minutes=10)
BATCH = 20
MAX_BACKOFF = timedelta(hours=6)


def queue_email(
    template: str,
    recipient: str,
    subject: str,
    *,
    dedupe_key: str | None = None,
    headers: dict | None = None,
    sealed_until=None,
    bid_id: int | None = None,
    **context,
) -> OutboundEmail:
    """Render `emails/<template>.txt` and `.html` and add the message to the session.
    `sealed_until` hides it from staff until then (see `sealed_with_bids`); `bid_id` names
    the bid a receipt is about."""
    context = {"subject": subject, "recipient": recipient, **context}
    message = OutboundEmail(
        template=template,
        recipient=recipient,
        subject=subject,
        body_text=render_template(f"emails/{template}.txt", **context),
        body_html=render_template(f"emails/{template}.html", **context),
        headers=headers or {},
        dedupe_key=dedupe_key,
        sealed_until=sealed_until,
        bid_id=bid_id,
        status="pending",
        attempts=0,
        next_attempt_at=clock.now(),
    )
    db.session.add(message)
    return message


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def _is_due(now):
    """Pending and due, or claimed so long ago that its sender must have died."""
    return ((OutboundEmail.status == "pending") & (OutboundEmail.next_attempt_at <= now)) | (
        (OutboundEmail.status == "sending") & (OutboundEmail.next_attempt_at <= now - STALE_CLAIM)
    )


def _claim_batch(after: int, limit: int) -> list[int]:
    """Mark up to `limit` due messages with ids above `after` as being sent, in one statement,
    and return their ids: each goes to exactly one sender. PostgreSQL skips rows another
    sender has locked for its own claim; SQLite (which renders no FOR UPDATE) runs one
    writer at a time anyway. The outer condition is checked again on the locked row."""
    now = clock.now()
    due = (select(OutboundEmail.id).where(_is_due(now), OutboundEmail.id > after)
           .order_by(OutboundEmail.id).limit(limit).with_for_update(skip_locked=True))
    claimed = db.session.scalars(
        update(OutboundEmail)
        .where(OutboundEmail.id.in_(due.scalar_subquery()), _is_due(now))
        .values(status="sending", next_attempt_at=now)
        .returning(OutboundEmail.id)
        .execution_options(synchronize_session=False)).all()
    db.session.commit()
    return sorted(claimed)


def _release(message_ids: list[int]) -> None:
    """Hand back claimed messages this sender will not try now: due again at once."""
    if message_ids:
        db.session.execute(
            update(OutboundEmail)
            .where(OutboundEmail.id.in_(message_ids), OutboundEmail.status == "sending")
            .values(status="pending", next_attempt_at=clock.now())
            .execution_options(synchronize_session=False))
        db.session.commit()


class _MailPolicy(EmailPolicy):
    """Python's SMTP policy, less two faults of its header folding (Python 3.11):

    - a header that fits in 78 characters but not after its name was folded before its
      first word, leaving the `Subject:` line empty;
    - a long URL in `List-Unsubscribe` became RFC 2047 encoded words (`=?utf-8?q?=3Chttp…`),
      which mail clients do not decode there (RFC 2369 wants `<https://…>`), so they showed
      no unsubscribe button. Those headers are written as given, on one line (an ASCII URL
      of a few hundred characters is well under the 998 that SMTP allows).
    """

    VERBATIM = frozenset({"list-unsubscribe", "list-unsubscribe-post"})

    def _unfold_first_line(self, name: str, folded: str) -> str:
        empty_first = f"{name}:{self.linesep} "
        return f"{name}: {folded[len(empty_first):]}" if folded.startswith(empty_first) \
            else folded

    def fold(self, name, value):
        if name.lower() in self.VERBATIM:
            return f"{name}: {value}{self.linesep}"
        return self._unfold_first_line(name, super().fold(name, value))

    def fold_binary(self, name, value):
        charset = "utf8" if self.utf8 else "ascii"
        if name.lower() in self.VERBATIM:
            return f"{name}: {value}{self.linesep}".encode(charset)
        folded = super().fold_binary(name, value).decode(charset, "surrogateescape")
        return self._unfold_first_line(name, folded).encode(charset, "surrogateescape")


MAIL_POLICY = _MailPolicy(linesep="\r\n")  # as email.policy.SMTP


class PortalMessage(Message):
    """Flask-Mail's message, written with Python's current email API and MAIL_POLICY (Flask-Mail
    builds it with the legacy API, whose pre-encoded subjects the SMTP policy then refolds
    into broken encoded words)."""

    def email_message(self) -> EmailMessage:
        message = EmailMessage(policy=MAIL_POLICY)
        message["Subject"] = self.subject
        message["From"] = self.sender
        message["To"] = ", ".join(self.recipients)
        message["Date"] = formatdate(self.date, localtime=True)
        message["Message-ID"] = self.msgId
        for name, value in (self.extra_headers or {}).items():
            message[name] = value
        message.set_content(self.body or "")
        if self.html:
            message.add_alternative(self.html, subtype="html")
        return message

    def as_bytes(self) -> bytes:
        return self.email_message().as_bytes()

    def as_string(self) -> str:
        return self.email_message().as_string()


def _build(message: OutboundEmail) -> Message:
    return PortalMessage(
        subject=message.subject,
        recipients=[message.recipient],
        body=message.body_text,
        html=message.body_html,
        extra_headers=dict(message.headers or {}),
    )


def _is_permanent(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


def _server_unreachable(error: Exception) -> bool:
    unreachable = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError)
    return isinstance(error, unreachable) or not isinstance(error, smtplib.SMTPException)


def _record_failure(message: OutboundEmail, error: Exception, report: SendReport) -> None:
    """Retry with back-off, or fail for good. Sealed mail never runs out of attempts while it
    is sealed: staff cannot see it to send it again, so the sender keeps trying."""
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    max_attempts = current_app.config["OUTBOX_MAX_ATTEMPTS"]
    sealed = message.is_sealed(clock.now())
    if _is_permanent(error) or (message.attempts >= max_attempts and not sealed):
        message.status = "failed"
        report.failed += 1
    else:
        base = current_app.config["OUTBOX_BACKOFF_SECONDS"]
        delay = min(timedelta(seconds=base * 2 ** (message.attempts - 1)), MAX_BACKOFF)
        message.status = "pending"
        message.next_attempt_at = clock.now() + delay
        report.retrying += 1
    # The sender's report goes to whoever runs it: nothing that could name a recipient of
    # sealed mail (a refusal's text often quotes the address).
    if sealed:
        report.errors.append(f"message {message.id} (sealed until the deadline): "
                             f"{type(error).__name__}")
    else:
        report.errors.append(f"message {message.id} to {message.recipient}: "
                             f"{message.last_error}")


def send_due(limit: int = 500) -> SendReport:
    """Deliver up to `limit` due messages, each tried once, claimed a batch at a time;
    commits as it goes."""
    report, after = SendReport(), 0
    while limit > 0 and (batch := _claim_batch(after, min(BATCH, limit))):
        limit, after = limit - len(batch), batch[-1]
        if not _send_batch(batch, report):
            break
    return report


def _send_batch(message_ids: list[int], report: SendReport) -> bool:
    """Send each claimed message and record the outcome; False when the mail server could not
    be reached, having handed back the rest rather than hammer a dead server."""
    for n, message_id in enumerate(message_ids):
        message = db.session.get(OutboundEmail, message_id, populate_existing=True)
        try:
            mail.send(_build(message))
        except OSError as error:  # smtplib's errors are OSErrors too
            _record_failure(message, error, report)
            db.session.commit()
            if _server_unreachable(error):
                _release(message_ids[n + 1:])
                return False
            continue
        message.status = "sent"
        message.attempts += 1
        message.sent_at = clock.now()
        message.last_error = None
        db.session.commit()
        report.sent += 1
    return True


def retry_failed(message: OutboundEmail) -> None:
    """Put a failed message back in the queue (an admin, or a bidder for its own receipt,
    asked for it)."""
    message.status = "pending"
    message.next_attempt_at = clock.now()
    message.attempts = 0
