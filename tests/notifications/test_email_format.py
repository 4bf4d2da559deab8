"""What arrives at the mail server: headers a mail client can use, links that land where they
say, subjects written on their first line. Every test reads the message a real SMTP server
on loopback received, raw where the raw form is the point."""

import pytest

from portal.alerts import services as alerts
from portal.extensions import db
from portal.notifications.outbox import queue_email, send_due
from portal.opportunities import questions
from portal.opportunities import services as opportunities
from tests.factories import complete_draft
from tests.notifications.support import save_alert


def raw_header(message, name: str) -> str:
    """A header exactly as it arrived (folding included), not decoded by the parser."""
    [value] = [value for key, value in message.raw_items() if key.lower() == name.lower()]
    return value


def test_list_unsubscribe_arrives_as_a_plain_angle_bracketed_address(commissioner, make_user,
                                                                      inbox):
    watcher = make_user("provider")
    alert = save_alert(watcher, q="coaching")
    draft = complete_draft(commissioner.organisation, commissioner)
    opportunities.publish(draft, actor=commissioner)
    db.session.commit()
    send_due()
    [message] = inbox.to(watcher.email)
    token = alerts.unsubscribe_token(watcher.id, [alert.id])
    assert len(f"List-Unsubscribe: <http://127.0.0.1:5000/alerts/unsubscribe/{token}>") > 78
    assert raw_header(message, "List-Unsubscribe") == \
        f"<http://127.0.0.1:5000/alerts/unsubscribe/{token}>"
    assert raw_header(message, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"


@pytest.mark.parametrize("subject", [
    # Fits in 78 characters on its own but not after "Subject: ": Python folded it before
    # its first word, leaving the header's first line empty.
    "Closes in 24 hours: housing-first probation accommodation support Manchester",
    "Closes in 72 hours: Care leavers’ employment, education and training: a co-produced "
    "service for Greater Manchester",
    "New match for your alert “care leavers in Manchester”: Supported accommodation and "
    "floating support",
    "Bids ready to open: Housing-first–accommodation-support-for-adults-under-probation",
])
def test_a_long_subject_starts_on_the_subject_line_and_arrives_intact(app, inbox, subject):
    queue_email("verify_email", "someone@example.org", subject, user={"name": "Someone"},
                link="http://127.0.0.1:5000/verify-email/t")
    db.session.commit()
    send_due()
    [message] = inbox.messages
    raw = raw_header(message, "Subject")
    assert raw.split("\r\n")[0].strip(), f"empty first line: {raw!r}"
    assert message["Subject"] == subject  # decoded by a standard parser, every word kept


def test_a_link_to_an_answer_ends_in_a_fragment_not_a_query(make_opportunity, make_user,
                                                            commissioner, inbox):
    opportunity = make_opportunity("open")
    asker = make_user("provider")
    question = questions.ask(opportunity, "Can volunteers help?", actor=asker)
    db.session.commit()
    questions.answer(question, "Yes.", actor=commissioner)
    db.session.commit()
    send_due()
    [message] = inbox.to(asker.email)
    link = f"http://127.0.0.1:5000/opportunities/{opportunity.id}#question-{question.id}"
    assert link in inbox.text(message)
    assert f'href="{link}"' in message.get_body(preferencelist=("html",)).get_content()
    assert "_anchor" not in inbox.text(message)
