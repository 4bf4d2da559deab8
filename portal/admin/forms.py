from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.validators import InputRequired, Length

from portal.forms import choice_list


class OrganisationDecisionForm(FlaskForm):
    decision = RadioField(
        "Decision",
        choices=choice_list(
            [("verified", "Verify this organisation"), ("rejected", "Reject this organisation")]
        ),
        validators=[InputRequired("Choose whether to verify or reject the organisation")],
    )
    reason = TextAreaField(
        "Reason (required when rejecting; sent to the organisation's members)",
        validators=[Length(max=2000, message="Reason must be 2,000 characters or fewer")],
    )
