"""The directory listing form: shape only. The rules live in services."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, StringField, TextAreaField, URLField
from wtforms.validators import URL, Email, InputRequired, Length, Optional, Regexp

from portal.directory.services import FIELDS, ListingContent

_PHONE = r"^\+?[0-9 ()-]{7,20}$"


class ListingForm(FlaskForm):
    name = StringField("Name of the service", validators=[
        InputRequired("Enter the name people know the service by"),
        Length(max=200, message="The name must be 200 characters or fewer")])
    description = TextAreaField("What the service does", validators=[
        Length(max=2000, message="What the service does must be 2,000 characters or fewer")])
    how_to_refer = TextAreaField("How to get referred", validators=[
        InputRequired("Say how someone gets referred to the service"),
        Length(max=2000, message="How to get referred must be 2,000 characters or fewer")])
    self_referral = BooleanField("People can refer themselves")
    phone = StringField("Phone number", validators=[
        Optional(), Regexp(_PHONE, message="Enter a phone number, like 0161 496 0000")])
    email = EmailField("Email address", validators=[
        Optional(), Length(max=254, message="Email address must be 254 characters or fewer"),
        Email("Enter an email address in the correct format, like name@example.org",
              check_deliverability=False)])
    website = URLField("Website", validators=[
        Optional(), Length(max=500, message="Website must be 500 characters or fewer"),
        URL(message="Enter a web address that starts with https://, like "
                    "https://www.example.org")])

    def fill_from(self, contract) -> None:
        """A new listing starts from the commissioner's title and summary."""
        listing = contract.listing
        if listing is not None:
            for name in FIELDS:
                getattr(self, name).data = getattr(listing, name)
        else:
            self.name.data = contract.opportunity.title
            self.description.data = contract.opportunity.summary

    def to_content(self) -> ListingContent:
        def text(field) -> str:
            return (field.data or "").strip()
        return ListingContent(
            name=text(self.name), description=text(self.description),
            how_to_refer=text(self.how_to_refer), self_referral=bool(self.self_referral.data),
            phone=text(self.phone) or None, email=text(self.email) or None,
            website=text(self.website) or None)
