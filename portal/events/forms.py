"""Event forms: shape only. The rules live in services."""

from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, NumberRange

from portal import reference
from portal.events.services import EventDetails
from portal.forms import WholeNumberField, choice_list, whole_number_text
from portal.models import EVENT_AUDIENCES, EVENT_KINDS
from portal.opportunities.fields import UKDateTimeField
from portal.urls import ID_MAX

FIELDS = ("title", "kind", "region_code", "starts_at", "ends_at", "capacity", "venue",
          "online_link", "audience", "description")


class EventForm(FlaskForm):
    title = StringField("Title", validators=[
        InputRequired("Enter a title"),
        Length(max=200, message="Title must be 200 characters or fewer")])
    kind = SelectField("Kind of event", choices=choice_list(EVENT_KINDS.items()))
    region_code = SelectField("Region", validate_choice=False)
    opportunity_id = SelectField("Market engagement for", validate_choice=False)
    starts_at = UKDateTimeField("Starts", required_message="Enter when the event starts")
    ends_at = UKDateTimeField("Ends", required_message="Enter when the event ends")
    venue = TextAreaField("Venue", validators=[
        Length(max=1000, message="Venue must be 1,000 characters or fewer")])
    online_link = StringField("Online link", validators=[
        Length(max=500, message="Online link must be 500 characters or fewer")])
    audience = SelectField("Who is it for?", choices=choice_list(EVENT_AUDIENCES.items()))
    capacity = WholeNumberField("Places", validators=[
        NumberRange(1, 100_000, "Enter how many places there are, from 1 to 100,000")])
    description = TextAreaField("Description", validators=[
        InputRequired("Enter a description"),
        Length(max=20_000, message="Description must be 20,000 characters or fewer")])

    def __init__(self, *args, opportunities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.region_code.choices = choice_list(
            [("", "Select a region")] + reference.choices("regions"))
        self.opportunity_id.choices = choice_list(
            [("", "Not for an opportunity")] + [(str(o.id), o.title) for o in opportunities])

    def to_details(self) -> EventDetails:
        values = {name: getattr(self, name).data for name in FIELDS}
        chosen = whole_number_text(self.opportunity_id.data, maximum=ID_MAX)
        return EventDetails(**values, opportunity_id=chosen)

    def fill_from(self, event) -> None:
        for name in FIELDS:
            getattr(self, name).data = getattr(event, name)
        self.opportunity_id.data = str(event.opportunity_id or "")
        for name in ("starts_at", "ends_at"):  # the date boxes show the stored time
            getattr(self, name).process(None, data=getattr(event, name))


class GuestForm(FlaskForm):
    name = StringField("Your name", validators=[
        InputRequired("Enter your name"),
        Length(max=120, message="Your name must be 120 characters or fewer")])
    email = EmailField("Email address", validators=[
        InputRequired("Enter your email address"),
        Email("Enter an email address like name@example.org", check_deliverability=False),
        Length(max=254, message="The email address must be 254 characters or fewer")])
