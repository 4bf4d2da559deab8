"""The shape of feedback forms; the content rules are in `portal.feedback.services`."""

from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, Optional

from portal.forms import choice_list
from portal.models.feedback import GIVERS, RATING_QUESTIONS

MAX_TEXT = 5000
ANSWERS = [(5, "Yes, completely"), (4, "Mostly"), (3, "Partly"), (2, "Not really"),
           (1, "No, not at all")]
DECISIONS = [("publish", "Publish the words below"),
             ("reject", "Reject it: do not publish"),
             ("safeguarding", "Safeguarding concern: send it privately to the commissioner")]


def _whole_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _words(label: str, hint: str = "") -> TextAreaField:
    return TextAreaField(label, description=hint, filters=[_strip], validators=[Length(
        max=MAX_TEXT, message=f"{label} must be {MAX_TEXT:,} characters or fewer")])


def _rating(question: str) -> RadioField:
    return RadioField(
        f"{question} (optional)", choices=choice_list(ANSWERS), coerce=_whole_or_none,
        validate_choice=False,
        validators=[Optional(), AnyOf([n for n, _ in ANSWERS], message="Choose an answer")])


class FeedbackForm(FlaskForm):
    giver = RadioField(
        "Who is giving this feedback?", choices=choice_list(GIVERS.items()),
        validate_choice=False, validators=[InputRequired("Choose who is giving this feedback")])
    worked = _words("What worked well?")
    not_worked = _words("What did not work?")
    treated = _words("How were you treated?",
                     "If you are giving feedback for someone else, how were they treated?")
    rating_listened = _rating(RATING_QUESTIONS["listened"])
    rating_respected = _rating(RATING_QUESTIONS["respected"])
    rating_helped = _rating(RATING_QUESTIONS["helped"])
    rating_recommend = _rating(RATING_QUESTIONS["recommend"])
    may_contact = RadioField(
        "May we contact you about your feedback?", default="no", validate_choice=False,
        choices=choice_list([("yes", "Yes"), ("no", "No")]),
        validators=[Optional(), AnyOf(["yes", "no"], message="Choose yes or no")])
    name = StringField("Your name (optional)", filters=[_strip], validators=[
        Length(max=120, message="Your name must be 120 characters or fewer")])
    contact = StringField("Email address or phone number", filters=[_strip], validators=[
        Length(max=254, message="The email address or phone number is too long")])
    # The honeypot: hidden from people and assistive technology, filled in only by robots.
    trap = StringField("Leave this empty")


class ModerationForm(FlaskForm):
    public_worked = _words("What worked well (as published)")
    public_not_worked = _words("What did not work (as published)")
    public_treated = _words("How they were treated (as published)")
    decision = RadioField("What should happen to this feedback?", choices=choice_list(DECISIONS),
                          validate_choice=False,
                          validators=[InputRequired("Choose what to do with this feedback")])
    staff_note = TextAreaField("Note for staff (optional, never public)", filters=[_strip],
                               validators=[Length(max=2000, message=(
                                   "The note must be 2,000 characters or fewer"))])


class NoteForm(FlaskForm):
    """One box of text: the provider's reply, or the commissioner's note of an action."""

    text = TextAreaField("Text", filters=[_strip])
