"""Guidance forms: shape only. The rules live in services."""

import re
from datetime import date

from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from portal import clock
from portal.forms import NumberField, choice_list
from portal.guidance.services import PageContent
from portal.models import AUDIENCES, CLAUSE_UNITS

_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[ /.-](\d{1,2})[ /.-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
DATE_HINT = "For example, 27 3 2009 or 2009-03-27."


def parse_date(text: str | None) -> date | None:
    """A date written as 27 3 2009, 27/3/2009 or 2009-03-27; None for anything else."""
    text = (text or "").strip()
    if match := _ISO.fullmatch(text):
        year, month, day = map(int, match.groups())
    elif match := _DAY_MONTH_YEAR.fullmatch(text):
        day, month, year = map(int, match.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


class PageForm(FlaskForm):
    title = StringField("Title", validators=[
        InputRequired("Enter a title"),
        Length(max=200, message="Title must be 200 characters or fewer")])
    summary = TextAreaField("Summary", validators=[
        Length(max=300, message="Summary must be 300 characters or fewer")])
    body = TextAreaField("Page text", validators=[
        InputRequired("Enter the page text"),
        Length(max=100_000, message="Page text must be 100,000 characters or fewer")])
    audiences = SelectMultipleField("Who is it for?", choices=choice_list(AUDIENCES.items()),
                                    validators=[InputRequired("Choose who the page is for")])
    clause_type_code = SelectField("Social clause", validate_choice=False)
    model_requirement = TextAreaField("Model requirement", validators=[
        Length(max=2000, message="Model requirement must be 2,000 characters or fewer")])
    model_unit = SelectField("Measured in", validate_choice=False, choices=choice_list(
        [("", "Select a unit")] + list(CLAUSE_UNITS.items())))
    model_minimum = NumberField("Minimum", places=2, validators=[
        Optional(), NumberRange(0, 1_000_000, "Enter a minimum from 0 to 1,000,000")],
        message="Enter the minimum as a number, like 5")

    def to_content(self) -> PageContent:
        return PageContent(
            title=self.title.data, summary=self.summary.data or "", body=self.body.data or "",
            audiences=list(self.audiences.data or []),
            clause_type_code=self.clause_type_code.data or None,
            model_requirement=self.model_requirement.data, model_unit=self.model_unit.data,
            model_minimum=self.model_minimum.data)

    def fill_from(self, page) -> None:
        for name in ("title", "summary", "body", "audiences", "clause_type_code",
                     "model_requirement", "model_unit", "model_minimum"):
            getattr(self, name).data = getattr(page, name)


class PublishForm(FlaskForm):
    reviewed_on = StringField("Last reviewed", description=DATE_HINT,
                              validators=[InputRequired("Enter the date the page was reviewed")])
    change_note = TextAreaField("What changed", description=(
        "For staff: kept in the page's history. For example, “New minimum for apprenticeships”."),
        validators=[Length(max=2000, message="What changed must be 2,000 characters or fewer")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_submitted():
            self.reviewed_on.data = clock.uk_today().isoformat()

    def validate_reviewed_on(self, field) -> None:
        if parse_date(field.data) is None:
            raise ValidationError(f"Enter the date as day, month and year. {DATE_HINT}")

    @property
    def reviewed(self) -> date:
        return parse_date(self.reviewed_on.data)
