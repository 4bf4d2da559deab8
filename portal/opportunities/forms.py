"""Opportunity forms. They check shape; the services check the rules."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from portal.forms import NumberField, WholeNumberField, choice_list
from portal.models import CLAUSE_UNITS, CRITERION_KINDS
from portal.opportunities.fields import UKDateTimeField

REASON_HINT = "This opportunity is published: the change and its reason are shown publicly."


def _title():
    return StringField("Title", validators=[
        InputRequired("Enter a title"),
        Length(max=200, message="Title must be 200 characters or fewer")])


def _summary(required=True):
    checks = [Length(max=1000, message="Summary must be 1,000 characters or fewer")]
    if required:
        checks.insert(0, InputRequired("Enter a summary"))
    return TextAreaField("Summary", description="One or two sentences shown in lists.",
                         validators=checks)


def _reason():
    return TextAreaField("Reason for the change", description=REASON_HINT, validators=[
        Length(max=2000, message="Reason must be 2,000 characters or fewer")])


class NewOpportunityForm(FlaskForm):
    title = _title()
    summary = _summary()


class OverviewForm(FlaskForm):
    title = _title()
    summary = _summary()
    specification = TextAreaField(
        "Full specification",
        description="The service you want, in Markdown: ## for headings, * for lists.",
        validators=[Length(max=100_000,
                           message="Specification must be 100,000 characters or fewer")])
    reason = _reason()


class ScopeForm(FlaskForm):
    client_groups = SelectMultipleField("Client groups", validate_choice=False)
    outcomes = SelectMultipleField("Outcomes", validate_choice=False)
    local_areas = SelectMultipleField("Local areas", validate_choice=False)


class IndicatorForm(FlaskForm):
    indicator_code = SelectField("National Indicator", validate_choice=False,
                                 validators=[InputRequired("Select an indicator")])
    baseline_pct = NumberField("Where it is now (%)", places=1, validators=[
        Optional(), NumberRange(0, 100, "Enter a percentage from 0 to 100")],
        message="Enter where it is now as a percentage, like 62.5")
    target_pct = NumberField("Where you want it to be (%)", places=1, validators=[
        Optional(), NumberRange(0, 100, "Enter a percentage from 0 to 100")],
        message="Enter where you want it to be as a percentage, like 70")
    cohort_size = WholeNumberField("About how many people", validators=[
        Optional(), NumberRange(1, 1_000_000, "Enter a number of people from 1 to 1,000,000")],
        message="Enter the number of people as a whole number, like 120")
    notes = TextAreaField("Notes (optional)", validators=[
        Length(max=2000, message="Notes must be 2,000 characters or fewer")])


class ContractForm(FlaskForm):
    value_min = WholeNumberField("Minimum value (£)", validators=[
        InputRequired("Enter the minimum value in pounds, like 150000"),
        NumberRange(0, 10_000_000_000, "Enter an amount in pounds, like 150000")],
        message="Enter the minimum value in pounds, like 150000")
    value_max = WholeNumberField("Maximum value (£)", validators=[
        InputRequired("Enter the maximum value in pounds, like 250000"),
        NumberRange(0, 10_000_000_000, "Enter an amount in pounds, like 250000")],
        message="Enter the maximum value in pounds, like 250000")
    duration_months = WholeNumberField("Duration (months)", validators=[
        InputRequired("Enter the duration in months, like 24"),
        NumberRange(1, 240, "Enter a duration from 1 to 240 months")],
        message="Enter the duration in months, like 24")
    reason = _reason()


class DatesForm(FlaskForm):
    questions_close_at = UKDateTimeField(
        "Deadline for clarification questions",
        required_message="Enter the deadline for clarification questions")
    closes_at = UKDateTimeField("Deadline for bids", required_message="Enter the deadline for bids")
    reason = _reason()


class CriterionForm(FlaskForm):
    kind = SelectField("Kind", choices=choice_list(
        [("", "Select the kind")] + list(CRITERION_KINDS.items())),
        validators=[InputRequired("Select the kind of criterion")])
    title = StringField("Name", validators=[
        InputRequired("Enter a name for the criterion"),
        Length(max=200, message="Name must be 200 characters or fewer")])
    question = TextAreaField("Question bidders answer", description="Not needed for price.",
                             validators=[Length(max=2000, message=(
                                 "Question must be 2,000 characters or fewer"))])
    word_limit = WholeNumberField("Word limit for the answer", validators=[
        Optional(), NumberRange(50, 5000, "Enter a word limit from 50 to 5,000")],
        message="Enter the word limit as a whole number, like 500")
    weight = WholeNumberField("Weight (%)", validators=[
        InputRequired("Enter a weight from 1 to 100"),
        NumberRange(1, 100, "Enter a weight from 1 to 100")],
        message="Enter the weight as a whole number from 1 to 100, like 20")


class SocialClauseForm(FlaskForm):
    clause_type_code = SelectField("Social clause", validate_choice=False,
                                   validators=[InputRequired("Select a social clause")])
    requirement = TextAreaField("Requirement", validators=[
        InputRequired("Enter what the provider must do"),
        Length(max=2000, message="Requirement must be 2,000 characters or fewer")])
    unit = SelectField("Measured in", choices=choice_list(
        [("", "Select a unit")] + list(CLAUSE_UNITS.items())),
        validators=[InputRequired("Select a unit")])
    minimum = NumberField("Minimum", places=2, validators=[
        InputRequired("Enter the minimum, like 5"),
        NumberRange(0, 1_000_000, "Enter a minimum from 0 to 1,000,000")],
        message="Enter the minimum as a number, like 5")


class ReasonForm(FlaskForm):
    reason = TextAreaField("Reason", description="This is published with the opportunity.",
                           validators=[InputRequired("Enter the reason"),
                                       Length(max=2000,
                                              message="Reason must be 2,000 characters or fewer")])


class QuestionForm(FlaskForm):
    question = TextAreaField(
        "Your question",
        description="The question and its answer are published to everyone. Your name and "
                    "organisation are not.",
        validators=[InputRequired("Enter your question"),
                    Length(max=5000, message="Question must be 5,000 characters or fewer")])


class AnswerForm(FlaskForm):
    answer = TextAreaField("Answer", validators=[
        InputRequired("Enter your answer"),
        Length(max=5000, message="Answer must be 5,000 characters or fewer")])


class SocialClauseTypeForm(FlaskForm):
    code = StringField("Code", description="Lower case letters and hyphens, like local-employment",
                       validators=[Length(max=40, message="Code must be 40 characters or fewer")])
    name = StringField("Name", validators=[
        InputRequired("Enter a name"),
        Length(max=200, message="Name must be 200 characters or fewer")])
    description = TextAreaField("Description", validators=[
        Length(max=2000, message="Description must be 2,000 characters or fewer")])
    active = BooleanField("Commissioners can choose this clause")


class AttachmentForm(FlaskForm):
    document = FileField("Document", description="PDF, ODT, DOCX, XLSX or CSV, up to 10 MB.",
                         validators=[FileRequired("Choose a file to upload")])
    reason = _reason()
