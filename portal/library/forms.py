"""Library forms: shape only. The rules live in records.check_record and the services."""

import re

from flask_wtf import FlaskForm
from wtforms import (
    FieldList,
    Form,
    FormField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from portal import reference
from portal.forms import NumberField, WholeNumberField, choice_list, whole_number_text
from portal.library.services import SORTS
from portal.models import EVIDENCE_SCALE
from portal.urls import ID_MAX, MAX_PAGE, external_url

IMPACT_ROWS = 3
MAX_COST = 10_000_000  # as the import allows
# An innovation by its number or its address on this portal ("…/innovations/12").
_INNOVATION = re.compile(r"(?:.*/innovations/)?(\d{1,9})/?")


def _client_groups():
    return choice_list(reference.choices("client_groups"))


def _outcomes():
    return choice_list(reference.choices("outcomes"))


def _indicators(blank=True):
    pairs = [(row.code, f"{row.code}: {row.title}") for row in reference.indicators()]
    return choice_list(([("", "Choose an indicator")] if blank else []) + pairs)


def _regions():
    return choice_list(reference.choices("regions"))


def _evidence():
    return choice_list((str(level), f"{level}: {name}")
                       for level, (name, _) in EVIDENCE_SCALE.items())


class ImpactForm(Form):
    """One indicator impact. A row left wholly blank is ignored."""

    indicator = SelectField("Indicator", choices=_indicators, validate_choice=False)
    baseline_pct = StringField("Baseline (%)")
    baseline_period = StringField("Baseline period")
    result_pct = StringField("Result (%)")
    result_period = StringField("Result period")
    cohort = StringField("People in the cohort")

    def is_blank(self) -> bool:
        return not any((field.data or "").strip() for field in self)


class EntryForm(FlaskForm):
    title = StringField("Title", validators=[
        InputRequired("Enter a title"),
        Length(max=200, message="Title must be 200 characters or fewer")])
    summary = TextAreaField("Summary", validators=[
        InputRequired("Enter a summary"),
        Length(max=2000, message="Summary must be 2,000 characters or fewer")])
    service = TextAreaField("The service", validators=[
        InputRequired("Describe the service: who it worked with and what it did")])
    delivered_by = StringField("Delivered by", validators=[
        InputRequired("Enter who delivered the service")])
    commissioned_by = StringField("Commissioned by", validators=[
        InputRequired("Enter who commissioned the service")])
    client_groups = SelectMultipleField("Client groups", choices=_client_groups, validators=[
        InputRequired("Choose at least one client group")])
    outcomes = SelectMultipleField("Outcomes", choices=_outcomes, validators=[
        InputRequired("Choose at least one outcome")])
    local_areas = TextAreaField("Local areas", validators=[
        InputRequired("Enter at least one local area")])
    period_start = StringField("Start date", validators=[InputRequired("Enter the start date")])
    period_end = StringField("End date", validators=[InputRequired("Enter the end date")])
    cost_per_person_gbp = StringField("Cost per person (£)")
    evidence_rating = RadioField("Evidence rating", choices=_evidence, validators=[
        InputRequired("Choose the evidence rating")])
    sources = TextAreaField("Sources")
    innovations = TextAreaField("Innovations it drew on")
    impacts = FieldList(FormField(ImpactForm), min_entries=IMPACT_ROWS, max_entries=IMPACT_ROWS)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Impact rows are all text: the service checks them, and its messages are shown
        # against each field and in the summary, not as the list's own (dict) errors.
        self.impacts.errors = []
        return valid

    def to_record(self) -> dict:
        """The form's answers in the JSON Lines record format, for the service to check."""
        def lines(text):
            return [line.strip() for line in (text or "").splitlines() if line.strip()]

        impacts = []
        for row in self.impacts:
            if row.form.is_blank():
                continue
            cohort = (row.cohort.data or "").strip()
            number = whole_number_text(cohort.replace(",", ""), maximum=ID_MAX)
            impacts.append({
                "indicator": row.indicator.data, "baseline_pct": row.baseline_pct.data,
                "baseline_period": row.baseline_period.data, "result_pct": row.result_pct.data,
                "result_period": row.result_period.data,
                "cohort": cohort if number is None else number,
            })
        cost = (self.cost_per_person_gbp.data or "").strip().lstrip("£").replace(",", "")
        return {
            "title": self.title.data, "summary": self.summary.data, "service": self.service.data,
            "client_groups": self.client_groups.data or [], "outcomes": self.outcomes.data or [],
            "local_areas": lines(self.local_areas.data), "delivered_by": self.delivered_by.data,
            "commissioned_by": self.commissioned_by.data,
            "period_start": (self.period_start.data or "").strip(),
            "period_end": (self.period_end.data or "").strip(),
            "cost_per_person_gbp": cost or None,
            "evidence_rating": int(self.evidence_rating.data),
            "sources": lines(self.sources.data), "impacts": impacts,
            "innovations": [_innovation_number(line) for line in lines(self.innovations.data)],
        }

    def fill_from(self, record: dict) -> None:
        """Show a stored entry's record in the form (for editing)."""
        for name in ("title", "summary", "service", "delivered_by", "commissioned_by",
                     "client_groups", "outcomes", "period_start", "period_end"):
            getattr(self, name).data = record[name]
        self.local_areas.data = "\n".join(record["local_areas"])
        self.sources.data = "\n".join(record["sources"])
        cost = record["cost_per_person_gbp"]
        self.cost_per_person_gbp.data = "" if cost is None else str(cost)
        self.evidence_rating.data = str(record["evidence_rating"])
        self.innovations.data = "\n".join(
            external_url("innovations.detail", innovation_id=number)
            for number in record["innovations"])
        for row, impact in zip(self.impacts, record["impacts"], strict=False):
            for name, value in impact.items():
                getattr(row.form, name).data = str(value)


def _innovation_number(line: str) -> int | str:
    """The innovation a line names, or the line itself for the rules to refuse."""
    match = _INNOVATION.fullmatch(line.split("?")[0].split("#")[0])
    return int(match.group(1)) if match else line


class ModerationForm(FlaskForm):
    decision = RadioField("Decision", choices=choice_list([
        ("publish", "Publish this entry"), ("return", "Return it to the contributor"),
        ("unpublish", "Unpublish it"),
    ]), validators=[InputRequired("Choose what to do with this entry")])
    reason = TextAreaField(
        "Reasons (required when returning or unpublishing; sent to the contributor)",
        validators=[Length(max=2000, message="Reasons must be 2,000 characters or fewer")])


class FilterForm(FlaskForm):
    """The public list's filters, read from the query string."""

    class Meta:
        csrf = False

    client_group = SelectMultipleField("Client group", choices=_client_groups)
    outcome = SelectMultipleField("Outcome", choices=_outcomes)
    indicator = SelectMultipleField("Indicator", choices=lambda: _indicators(blank=False))
    region = SelectMultipleField("Region", choices=_regions)
    evidence = SelectMultipleField("Evidence rating", choices=_evidence)
    cost_min = NumberField("Lowest cost per person (£)", validators=[
        Optional(), NumberRange(0, MAX_COST, message="Enter a cost from £0 to £10,000,000")],
        message="Enter the lowest cost per person in pounds, like 500")
    cost_max = NumberField("Highest cost per person (£)", validators=[
        Optional(), NumberRange(0, MAX_COST, message="Enter a cost from £0 to £10,000,000")],
        message="Enter the highest cost per person in pounds, like 2000")
    sort = SelectField("Sort by", choices=choice_list(SORTS.items()), default="newest",
                       validators=[Optional()])
    page = WholeNumberField("Page", default=1, validators=[
        Optional(), NumberRange(1, MAX_PAGE, message="Enter a page number")])
