"""Account forms. They check shape; the services check the rules."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length, Optional, ValidationError

from portal.forms import choice_list
from portal.models import COMMISSIONING_KINDS, THIRD_SECTOR_KINDS

KIND_CHOICES = choice_list(
    [("", "Select the kind of organisation")]
    + [(code, f"{label} (commissioning body)") for code, label in COMMISSIONING_KINDS.items()]
    + [(code, f"{label} (voluntary and community sector)")
       for code, label in THIRD_SECTOR_KINDS.items()]
)


def _email_field(label="Email address"):
    return EmailField(
        label,
        validators=[
            InputRequired("Enter your email address"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
            Email("Enter an email address in the correct format, like name@example.org",
                  check_deliverability=False),
        ],
    )


class RegisterForm(FlaskForm):
    name = StringField(
        "Full name",
        validators=[InputRequired("Enter your full name"),
                    Length(max=120, message="Full name must be 120 characters or fewer")],
    )
    email = _email_field()
    password = PasswordField(
        "Create a password",
        description="At least 10 characters. Avoid common passwords.",
        validators=[InputRequired("Enter a password")],
    )
    confirm_password = PasswordField(
        "Confirm password",
        validators=[InputRequired("Confirm your password"),
                    EqualTo("password", "Passwords must match")],
    )
    organisation_id = SelectField(
        "Your organisation",
        description="If it is already registered, choose it. A member of the organisation, "
        "or our staff, will confirm you before you can act for it.",
        coerce=int, validate_choice=False, validators=[Optional()],
    )
    organisation_name = StringField(
        "Organisation name",
        validators=[Length(max=200, message="Organisation name must be 200 characters or fewer")],
    )
    kind = SelectField("Kind of organisation", choices=KIND_CHOICES, validate_choice=False)
    charity_number = StringField(
        "Charity number (optional)",
        validators=[Length(max=20, message="Charity number must be 20 characters or fewer")],
    )
    company_number = StringField(
        "Company number (optional)",
        validators=[Length(max=20, message="Company number must be 20 characters or fewer")],
    )

    @property
    def joins_existing(self) -> bool:
        return bool(self.organisation_id.data)

    def validate_organisation_name(self, field):
        if not self.joins_existing and not (field.data or "").strip():
            raise ValidationError(
                "Choose your organisation from the list, or enter its name to register it")

    def validate_kind(self, field):
        if not self.joins_existing and not field.data:
            raise ValidationError("Select the kind of organisation")


class SignInForm(FlaskForm):
    email = _email_field()
    password = PasswordField("Password", validators=[InputRequired("Enter your password")])
    remember = BooleanField("Keep me signed in on this device for 30 days")


class EmailOnlyForm(FlaskForm):
    email = _email_field()


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        "New password",
        description="At least 10 characters. Avoid common passwords.",
        validators=[InputRequired("Enter a new password")],
    )
    confirm_password = PasswordField(
        "Confirm new password",
        validators=[InputRequired("Confirm your new password"),
                    EqualTo("password", "Passwords must match")],
    )
