"""The one way a view saves (`portal/views.py`): validate, call the service, commit once,
flash, 303; or roll back and show the page again, with what was typed and the errors, 400.

A refusal may come from the service or from the commit itself (a bid's deadline is judged
again at that moment): either way nothing is half-saved and nothing typed is lost."""

from datetime import timedelta

import pytest
from flask import get_flashed_messages
from flask_wtf import FlaskForm
from jinja2 import ChoiceLoader, DictLoader
from sqlalchemy import event, select
from sqlalchemy.orm import Session
from wtforms import StringField
from wtforms.validators import DataRequired

from portal.bids import services as bid_services
from portal.errors import ValidationFailed
from portal.extensions import db
from portal.models import Bid, Organisation
from portal.views import attempt, flash_outcome, submit_form
from tests.conftest import csrf_token

PAGE = "test/organisation.html"
PAGE_SOURCE = """<form>{{ form.name(value=form.name.data or "") }}
{% for message in form.name.errors %}<p class="field">{{ message }}</p>{% endfor %}
{% for message in form.form_errors %}<p class="summary">{{ message }}</p>{% endfor %}
{{ heading }}</form>"""


class NameForm(FlaskForm):
    class Meta:
        csrf = False

    name = StringField("Name", validators=[DataRequired("Enter the name")])


@pytest.fixture
def page(app):
    """A small template of our own, so the test is about the helper, not a real page."""
    app.jinja_env.loader = ChoiceLoader([DictLoader({PAGE: PAGE_SOURCE}), app.jinja_loader])
    return app


@pytest.fixture
def refused_at_commit():
    """Any commit refuses with a ValidationFailed, as the bid deadline hook does."""

    def refuse(session):
        raise ValidationFailed("The deadline for bids passed at 12:00", "deadline")

    event.listen(Session, "before_commit", refuse)
    yield
    event.remove(Session, "before_commit", refuse)


def _add(name: str) -> Organisation:
    organisation = Organisation(name=name, name_key=Organisation.key_for(name), kind="charity")
    db.session.add(organisation)
    db.session.flush()
    return organisation


def _refuse(errors):
    def action():
        _add("Half saved")
        raise ValidationFailed(errors)
    return action


def _saved_names() -> list[str]:
    db.session.rollback()
    return list(db.session.scalars(select(Organisation.name)))


def _post(app, **data):
    return app.test_request_context("/anything", method="POST", data=data)


def test_a_valid_form_is_saved_committed_flashed_and_redirected_with_303(page):
    with _post(page, name="Step Forward"):
        form = NameForm()
        response = submit_form(form, PAGE, lambda: _add(form.name.data), then="/done",
                               message="Saved.")
        assert (response.status_code, response.location) == (303, "/done")
        assert get_flashed_messages(with_categories=True) == [("success", "Saved.")]
    assert _saved_names() == ["Step Forward"]


def test_then_and_message_may_be_built_from_what_the_service_returned(page):
    with _post(page, name="Step Forward"):
        form = NameForm()
        response = submit_form(form, PAGE, lambda: _add(form.name.data),
                               then=lambda organisation: f"/organisations/{organisation.id}",
                               message=lambda organisation: f"{organisation.name} added.")
        organisation = db.session.scalar(select(Organisation))
        assert response.location == f"/organisations/{organisation.id}"
        assert get_flashed_messages() == ["Step Forward added."]


def test_then_may_be_an_endpoint_and_message_may_be_left_out(page):
    with _post(page, name="Step Forward"):
        form = NameForm()
        response = submit_form(form, PAGE, lambda: None, then="main.dashboard")
        assert (response.status_code, response.location) == (303, "/dashboard")
        assert get_flashed_messages() == []


def test_a_get_shows_the_page_with_200_and_calls_nothing(page):
    with page.test_request_context("/anything"):
        body, status = submit_form(NameForm(), PAGE, pytest.fail, then="/done",
                                   heading="New organisation")
    assert status == 200
    assert "New organisation" in body and "field" not in body


def test_an_invalid_form_is_shown_again_with_400_and_the_service_is_not_called(page):
    with _post(page, name=""):
        body, status = submit_form(NameForm(), PAGE, pytest.fail, then="/done")
    assert status == 400
    assert '<p class="field">Enter the name</p>' in body


def test_a_refusal_puts_each_error_on_its_field_and_the_rest_in_the_summary(page):
    with _post(page, name="Step Forward"):
        body, status = submit_form(
            NameForm(), PAGE, _refuse({"name": "That name is taken", "_": "Try again later"}),
            then="/done", message="Saved.")
        assert get_flashed_messages() == []
    assert status == 400
    assert '<p class="field">That name is taken</p>' in body
    assert '<p class="summary">Try again later</p>' in body
    assert 'value="Step Forward"' in body  # what was typed is still there
    assert _saved_names() == []  # rolled back: the half-done work is gone


def test_a_refusal_at_commit_rolls_back_and_keeps_what_was_typed(page, refused_at_commit):
    with _post(page, name="Step Forward"):
        form = NameForm()
        body, status = submit_form(form, PAGE, lambda: _add(form.name.data), then="/done",
                                   message="Saved.")
        assert get_flashed_messages() == []
    assert status == 400
    assert '<p class="summary">The deadline for bids passed at 12:00</p>' in body
    assert 'value="Step Forward"' in body
    assert _saved_names() == []


def test_show_errors_decides_where_a_refusal_goes(page):
    def on_the_name(form, error):
        form.name.errors.extend(error.errors.values())

    with _post(page, name="Step Forward"):
        body, status = submit_form(NameForm(), PAGE, _refuse({"_": "Choose another name"}),
                                   then="/done", show_errors=on_the_name)
    assert status == 400
    assert '<p class="field">Choose another name</p>' in body and "summary" not in body


def test_a_form_in_the_context_is_the_one_the_page_shows(page):
    """A page with two forms posts one of them; the other is the page's main `form`."""
    with _post(page, name=""):
        main = NameForm(formdata=None, data={"name": "Main form"})
        body, status = submit_form(NameForm(), PAGE, pytest.fail, then="/done", form=main)
    assert status == 400
    assert 'value="Main form"' in body and "field" not in body


def test_the_page_may_be_a_function_called_only_when_it_is_shown(page):
    with _post(page, name="Step Forward"):
        form = NameForm()
        response = submit_form(form, pytest.fail, lambda: None, then="/done")
        assert response.status_code == 303
        body, status = submit_form(form, lambda: f"errors: {form.form_errors}",
                                   _refuse({"_": "No"}), then="/done")
    assert (body, status) == ("errors: ['No']", 400)


def test_attempt_commits_and_answers_none(app):
    with app.test_request_context("/anything", method="POST"):
        assert attempt(lambda: _add("Step Forward")) is None
    assert _saved_names() == ["Step Forward"]


def test_attempt_rolls_back_and_answers_the_errors(app):
    with app.test_request_context("/anything", method="POST"):
        assert attempt(_refuse({"status": "Only a submitted bid can be withdrawn"})) == {
            "status": "Only a submitted bid can be withdrawn"}
    assert _saved_names() == []


def test_attempt_answers_a_refusal_at_commit(app, refused_at_commit):
    with app.test_request_context("/anything", method="POST"):
        assert attempt(lambda: _add("Step Forward")) == {
            "deadline": "The deadline for bids passed at 12:00"}
    assert _saved_names() == []


@pytest.mark.parametrize(("errors", "flashed"), [
    (None, [("success", "Done.")]),
    ({"deadline": "Too late", "other": "Not shown"}, [("error", "Too late")]),
])
def test_flash_outcome_says_the_first_refusal_or_the_message(app, errors, flashed):
    with app.test_request_context("/"):
        flash_outcome(errors, "Done.")
        assert get_flashed_messages(with_categories=True) == flashed


def test_a_bid_saved_as_the_deadline_passes_is_refused_and_the_answer_kept(
        client, auth, make_opportunity, make_user, clock, monkeypatch):
    """The real case: the service saw the bid in time, the commit came after closes_at."""
    opportunity = make_opportunity("open")
    provider = make_user("provider")
    bid = bid_services.start_bid(opportunity, actor=provider)
    db.session.commit()
    reference, revision = bid.reference, bid.revision
    auth.login(provider)
    clock.set(opportunity.closes_at - timedelta(minutes=5))
    token = csrf_token(client, f"/bids/{reference}")
    save_draft = bid_services.save_draft

    def slow_save(*args, **kwargs):
        save_draft(*args, **kwargs)
        clock.set(opportunity.closes_at + timedelta(seconds=1))

    monkeypatch.setattr(bid_services, "save_draft", slow_save)
    quality = next(c for c in opportunity.criteria if c.kind != "price")
    response = client.post(f"/bids/{reference}", data={
        "csrf_token": token, "revision": str(revision), "price": "180000",
        f"response-{quality.id}": "We will coach every young person."})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "The deadline for bids passed" in body
    assert "We will coach every young person." in body
    db.session.expire_all()
    saved = db.session.get(Bid, bid.id)
    assert (saved.revision, saved.price) == (revision, None)
