"""Forms for Local Area Agreement targets and a commissioning body's local area. Shape only."""

from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import NumberRange, Optional

from portal.areas.places import LAA_PERIODS
from portal.forms import NumberField

INDICATOR_NUMBERS = range(143, 151)


def target_field_name(number: int, period: str) -> str:
    """'ni148_2008_09'"""
    return f"ni{number}_{period.replace('-', '_')}"


class LaaForm(FlaskForm):
    """A target per indicator and year; an indicator with no targets is not in the LAA."""

    def targets(self) -> dict:
        """{'NI 148': {'2008-09': Decimal or None, ...}, ...}"""
        return {f"NI {number}": {period: self[target_field_name(number, period)].data
                                 for period in LAA_PERIODS}
                for number in INDICATOR_NUMBERS}

    def fill(self, chosen: dict) -> None:
        for code, rows in chosen.items():
            number = int(code.split()[1])
            for row in rows:
                self[target_field_name(number, row.target.period)].data = row.target.target_pct


for _number in INDICATOR_NUMBERS:
    for _period in LAA_PERIODS:
        setattr(LaaForm, target_field_name(_number, _period), NumberField(
            f"NI {_number} target for {_period} (%)", places=None,
            validators=[Optional(), NumberRange(0, 100, message=(
                f"Enter the NI {_number} target for {_period} as a percentage from 0 to 100"))],
            message=f"Enter the NI {_number} target for {_period} as a number, like 62.5"))


class OrganisationAreaForm(FlaskForm):
    local_area = SelectField("Local area this body serves", validate_choice=False,
                             description="Its members keep this area's Local Area Agreement.")
