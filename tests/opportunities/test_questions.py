"""Clarification questions: asked until the question deadline, answered publicly
without the asker's name, answer emailed to the asker."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.errors import PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.models import OutboundEmail
from portal.opportunities import questions
from tests.conftest import csrf_token


def test_provider_asks_before_the_question_deadline(make_opportunity, make_user):
    opportunity = make_opportunity("open")
    question = questions.ask(opportunity, "Is TUPE likely to apply?", actor=make_user("provider"))
    assert question.answered_at is None
    assert opportunity.answered_questions == []


def test_question_after_the_question_deadline_is_refused(make_opportunity, make_user, clock):
    opportunity = make_opportunity("open")
    clock.set(opportunity.questions_close_at + timedelta(seconds=1))
    with pytest.raises(ValidationFailed, match="deadline for questions has passed"):
        questions.ask(opportunity, "Too late?", actor=make_user("provider"))


def test_commissioners_cannot_ask_questions(make_opportunity, make_user):
    with pytest.raises(PermissionDenied):
        questions.ask(make_opportunity("open"), "Hello?", actor=make_user("commissioner"))


def test_answer_is_published_without_the_askers_name_and_emailed(
        client, make_opportunity, commissioner, make_user):
    opportunity = make_opportunity("open")
    asker = make_user("provider")
    question = questions.ask(opportunity, "Can volunteers deliver part of it?", actor=asker)
    questions.answer(question, "Yes, with paid supervision.", actor=commissioner)
    db.session.commit()
    body = client.get(f"/opportunities/{opportunity.id}").get_data(as_text=True)
    assert "Can volunteers deliver part of it?" in body
    assert "Yes, with paid supervision." in body
    assert asker.name not in body
    assert asker.organisation.name not in body
    sent = db.session.scalar(select(OutboundEmail).where(
        OutboundEmail.template == "question_answered"))
    assert sent.recipient == asker.email


def test_unanswered_questions_are_not_public(client, make_opportunity, make_user):
    opportunity = make_opportunity("open")
    questions.ask(opportunity, "A secret worry", actor=make_user("provider"))
    db.session.commit()
    assert "A secret worry" not in client.get(f"/opportunities/{opportunity.id}").get_data(
        as_text=True)
    assert "A secret worry" not in client.get(f"/api/v1/opportunities/{opportunity.id}").get_data(
        as_text=True)


def test_only_the_owning_body_answers(make_opportunity, make_user):
    opportunity = make_opportunity("open")
    question = questions.ask(opportunity, "When?", actor=make_user("provider"))
    with pytest.raises(PermissionDenied):
        questions.answer(question, "Now", actor=make_user("commissioner"))


def test_empty_question_form_shows_a_message(client, auth, make_opportunity, make_user):
    opportunity = make_opportunity("open")
    auth.login(make_user("provider"))
    page = f"/opportunities/{opportunity.id}"
    response = client.post(f"{page}/questions", data={"question": "  ",
                                                      "csrf_token": csrf_token(client, page)})
    assert response.status_code == 400
    assert "Enter your question" in response.get_data(as_text=True)
