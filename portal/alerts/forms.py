from flask_wtf import FlaskForm
from wtforms import RadioField, StringField

from portal.forms import choice_list
from portal.models import ALERT_FREQUENCIES


class AlertForm(FlaskForm):
    name = StringField("Name of the alert",
                       description="So you can tell your alerts apart in email and on your "
                                   "alerts page")
    frequency = RadioField("How often do you want email?",
                           choices=choice_list(ALERT_FREQUENCIES.items()), validate_choice=False,
                           default="daily")
