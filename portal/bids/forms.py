"""Reading the bid form, whose fields depend on the opportunity's criteria, clauses and
indicators. Shape only: numbers must be numbers; the services check the rules."""

from datetime import date
from decimal import Decimal, InvalidOperation

from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from portal.bids.services import BidInput
from portal.forms import whole_number_text
from portal.models import STANDSTILL_DAYS
from portal.urls import ID_MAX


def _decimal(raw: str | None, field: str, message: str, errors: dict) -> Decimal | None:
    text = (raw or "").replace(",", "").replace("£", "").replace("%", "").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        errors[field] = message
        return None
    if not value.is_finite() or abs(value) >= Decimal("1e12"):
        errors[field] = message
        return None
    return value


def _whole(raw: str | None, field: str, message: str, errors: dict) -> int | None:
    if not (raw or "").strip():
        return None
    value = whole_number_text(raw.replace(",", ""), maximum=999_999_999)
    if value is None:
        errors[field] = message
    return value


def read_revision(form) -> int:
    """The bid's revision the page was drawn at; 0, which no bid has, for anything else, so
    the change is refused as one made meanwhile."""
    return whole_number_text(form.get("revision"), maximum=ID_MAX) or 0


def _ids(values) -> list[int]:
    """Ids of cited evidence; anything that cannot be one is left out."""
    ids = (whole_number_text(value, maximum=ID_MAX) for value in values)
    return [value for value in ids if value][:50]


def read_bid_form(opportunity, form) -> tuple[BidInput, int, dict[str, str]]:
    """The working copy from the posted form, the revision it was based on, shape errors."""
    errors: dict[str, str] = {}
    data = BidInput(price=_decimal(form.get("price"), "price",
                                   "Enter your price in pounds, like 180000", errors))
    for criterion in opportunity.criteria:
        if criterion.kind != "price":
            data.responses[criterion.id] = form.get(f"response-{criterion.id}") or ""
    for clause in opportunity.social_clauses:
        data.commitments[clause.id] = _decimal(
            form.get(f"commitment-{clause.id}"), f"commitment-{clause.id}",
            f"Enter a number for {clause.clause_type.name}", errors)
    for target in opportunity.indicators:
        expected = _decimal(form.get(f"improvement-{target.id}"), f"improvement-{target.id}",
                            f"Enter the percentage you expect for {target.indicator_code}",
                            errors)
        people = _whole(form.get(f"people-{target.id}"), f"people-{target.id}",
                        "Enter a whole number of people", errors)
        data.improvements[target.id] = (expected, people)
    if form.get("evidence-shown"):
        data.evidence = _ids(form.getlist("evidence"))
        data.library_evidence = _ids(form.getlist("library_evidence"))
    return data, read_revision(form), errors


class ScoreNotes(FlaskForm):
    """Only the free-text part of the scoring page; scores are read per criterion."""

    feedback = TextAreaField("Feedback to the bidder", validators=[
        Length(max=5000, message="Feedback must be 5,000 characters or fewer")])


def read_scores(opportunity, form) -> tuple[dict[int, tuple[int | None, str]], dict[str, str]]:
    errors: dict[str, str] = {}
    scores = {}
    for criterion in opportunity.criteria:
        raw = (form.get(f"score-{criterion.id}") or "").strip()
        value = None
        if raw and raw != "formula":
            if raw not in {"0", "1", "2", "3", "4"}:
                errors[f"score-{criterion.id}"] = "Choose a score from 0 to 4"
            else:
                value = int(raw)
        comment = (form.get(f"comment-{criterion.id}") or "")[:5000]
        scores[criterion.id] = (value, comment)
    return scores, errors


class AwardForm(FlaskForm):
    bid = RadioField("Which bid wins the contract?", validate_choice=False,
                     validators=[InputRequired("Choose the winning bid")])
    starts_on = StringField("Contract start date", validators=[
        InputRequired("Enter the contract start date")])
    ends_on = StringField("Contract end date", validators=[
        InputRequired("Enter the contract end date")])
    standstill_days = StringField("Standstill period in days", default=str(STANDSTILL_DAYS),
                                  validators=[InputRequired(
                                      "Enter the standstill period in days, like 10")])
    advantages = TextAreaField("Relative advantages of the winning bid", validators=[
        InputRequired("Describe the relative advantages of the winning bid"),
        Length(max=5000, message="Write 5,000 characters or fewer")])

    def validate_starts_on(self, field):
        if parse_period(field.data) is None:
            raise ValueError("Enter the contract start date as a date, like 2009-04-01")

    def validate_ends_on(self, field):
        if parse_period(field.data) is None:
            raise ValueError("Enter the contract end date as a date, like 2011-03-31")


def parse_days(raw: str | None) -> int:
    """A whole number of days, or 0 (which the service refuses with the allowed range)."""
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 4 else 0


def parse_period(raw: str | None) -> date | None:
    try:
        return date.fromisoformat((raw or "").strip())
    except ValueError:
        return None
