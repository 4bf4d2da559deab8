"""Innovation forms. They check shape; the services check the rules."""

from datetime import date

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    EmailField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from portal.forms import choice_list
from portal.models import EVIDENCE_LEVELS, INNOVATION_NEEDS, INNOVATION_STAGES


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _text(label, required_message, limit, description=None, area=True):
    field = TextAreaField if area else StringField
    return field(
        label,
        description=description,
        filters=[_strip],
        validators=[DataRequired(required_message),
                    Length(max=limit, message=f"{label} must be {limit:,} characters or fewer")],
    )


def _many(label, message):
    return SelectMultipleField(label, validate_choice=False,
                               validators=[InputRequired(message)])


class InnovationForm(FlaskForm):
    title = _text("Title", "Enter a title", 200, area=False)
    summary = _text("Summary", "Enter a summary", 1000,
                    "One or two sentences: what it is and who it helps.")
    problem = _text("The problem", "Describe the problem it solves", 5000)
    approach = _text("The approach", "Describe the approach", 5000)
    client_groups = _many("Who it is for", "Select at least one client group")
    outcomes = _many("Outcomes it aims to improve", "Select at least one outcome")
    indicators = SelectMultipleField("National Indicators it aims to move (optional)",
                                     validate_choice=False)
    stage = RadioField(
        "Stage", choices=choice_list(INNOVATION_STAGES.items()), validate_choice=False,
        validators=[InputRequired("Select the stage the innovation has reached")])
    evidence_level = RadioField(
        "Evidence level",
        choices=choice_list((level, f"{level}: {label}") for level, label in
                            EVIDENCE_LEVELS.items()),
        coerce=_int_or_none, validate_choice=False,
        validators=[InputRequired("Select the level of evidence")])
    evidence_justification = _text(
        "Why this evidence level", "Explain why the evidence is at this level", 2000)
    cost_per_person = StringField(
        "Cost per person in pounds (optional)",
        description="Whole pounds, for example 1200.",
        filters=[_strip],
        validators=[Optional(), Regexp(r"^£?(\d{1,7}|\d{1,3}(,\d{3}){1,2})$",
                                       message="Enter the cost per person in whole pounds, "
                                               "like 1200")])
    local_areas = SelectMultipleField("Where it runs now (optional)", validate_choice=False)
    needs = SelectMultipleField("What it needs to spread (optional)", validate_choice=False,
                                choices=choice_list(INNOVATION_NEEDS.items()))
    contact_name = _text("Contact name", "Enter the name of the person to contact", 120,
                         area=False)
    contact_email = EmailField(
        "Contact email address",
        filters=[_strip],
        validators=[DataRequired("Enter the contact email address"),
                    Length(max=254, message="Email address must be 254 characters or fewer"),
                    Email("Enter an email address in the correct format, like name@example.org",
                          check_deliverability=False)])
    image = FileField("Image (optional)",
                      description="A JPG, PNG, GIF or WEBP image, smaller than 5 MB.")
    image_alt = StringField(
        "Describe the image (required with an image)",
        description="For people who cannot see it, for example "
                    "'Two mentors with a young person at a job fair'.",
        filters=[_strip],
        validators=[Length(max=300, message="The description must be 300 characters or fewer")])
    attachment = FileField("Add a document (optional)",
                           description="A PDF, ODT, DOCX, XLSX or CSV file, smaller than 10 MB.")
    update_note = TextAreaField(
        "What has changed (optional)",
        description="Shown on the innovation's page with today's date.",
        filters=[_strip],
        validators=[Length(max=2000, message="What has changed must be 2,000 characters or "
                                             "fewer")])

    def validate_image_alt(self, field):
        if self.image.data and not field.data:
            raise ValidationError("Describe the image for people who cannot see it")

    @property
    def cost_in_pounds(self) -> int | None:
        digits = (self.cost_per_person.data or "").replace("£", "").replace(",", "")
        return int(digits) if digits else None


class ModerationForm(FlaskForm):
    decision = RadioField(
        "Decision",
        choices=choice_list([("publish", "Publish it"),
                             ("return", "Return it to the organisation with reasons")]),
        validators=[InputRequired("Choose whether to publish or return the innovation")])
    reason = TextAreaField(
        "Reasons (required when returning; sent to the organisation)",
        filters=[_strip],
        validators=[Length(max=5000, message="Reasons must be 5,000 characters or fewer")])


class WithdrawForm(FlaskForm):
    reason = _text("Reason for withdrawing", "Enter the reason for withdrawing the innovation",
                   5000, "Sent to the organisation.")


class InterestForm(FlaskForm):
    message = _text("Your message", "Enter your message", 5000,
                    "Say what interests you and what you would like to discuss.")
    reply_email = EmailField(
        "Email address the organisation can reply to",
        description="We share this address with the organisation, and no other.",
        filters=[_strip],
        validators=[DataRequired("Enter the email address the organisation can reply to"),
                    Length(max=254, message="Email address must be 254 characters or fewer"),
                    Email("Enter an email address in the correct format, like name@example.org",
                          check_deliverability=False)])


class AdoptionForm(FlaskForm):
    local_area = SelectField("Local area", validate_choice=False,
                             validators=[InputRequired("Select the local area")])
    started_on = StringField(
        "Commissioned from", description="For example, 2009-04-01.", filters=[_strip],
        validators=[DataRequired("Enter the date you commissioned it from")])
    opportunity_id = SelectField(
        "Through which of your opportunities? (optional)", coerce=int, validate_choice=False,
        description="If you bought it through an opportunity on this portal, choose it: the "
                    "innovation's page will link to it and to its award notice.")

    def validate_started_on(self, field):
        try:
            date.fromisoformat(field.data)
        except ValueError as error:
            raise ValidationError("Commissioned from must be a real date, like 2009-04-01") \
                from error

    @property
    def start_date(self) -> date:
        return date.fromisoformat(self.started_on.data)


class AttachmentForm(FlaskForm):
    """Only the CSRF token: removing a document needs nothing else."""
