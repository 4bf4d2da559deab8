"""Helpers shared by every area's forms, and the number fields every form uses.

WTForms' own IntegerField and DecimalField answer text that is not a number with "Not a
valid integer value." and let through numbers no column can hold ("99999999999999999999")
or that break comparisons ("sNaN"). These say what to type instead, and refuse both."""

import re
from decimal import Decimal, InvalidOperation

from wtforms import DecimalField, IntegerField, SelectChoice
from wtforms.validators import NumberRange

_WHOLE = re.compile(r"-?[0-9]{1,15}")
_DIGITS = re.compile(r"[0-9]{1,15}")


def choice_list(pairs) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs."""
    return [SelectChoice(value=value, label=label) for value, label in pairs]


def whole_number_text(text: str | None, *, maximum: int) -> int | None:
    """The whole number from 0 to `maximum` written in `text`, or None. Only ASCII digits
    count: "²" passes str.isdigit(), but int() refuses it."""
    cleaned = (text or "").strip()
    if not _DIGITS.fullmatch(cleaned):
        return None
    value = int(cleaned)
    return value if value <= maximum else None


def _instruction(label, validators, message: str | None) -> str:
    """The field's own message, or its range's, which says what to enter ("Enter a weight
    from 1 to 100"). A number field must have a range with both ends, so that nothing out
    of a column's reach gets past the form."""
    ranges = [v for v in validators or () if isinstance(v, NumberRange)]
    if not ranges or ranges[0].min is None or ranges[0].max is None:
        raise TypeError(f"{label}: a number field needs NumberRange(min, max)")
    text = message or ranges[0].message
    if not text:
        raise TypeError(f"{label}: say what to type, as message= or the range's message")
    return text


def _typed(valuelist) -> str:
    """What was typed, without spaces and thousands separators ("150,000")."""
    return (valuelist[0] if valuelist else "").strip().replace(",", "")


class WholeNumberField(IntegerField):
    """A whole number, like a weight or a number of people. `message` (or the range's own
    message) is shown for anything else."""

    def __init__(self, label=None, validators=None, *, message=None, **kwargs):
        self.instruction = _instruction(label, validators, message)
        super().__init__(label, validators, invalid_value_message=self.instruction, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = _typed(valuelist)
        self.data = None
        if not text:
            return
        if not _WHOLE.fullmatch(text):
            raise ValueError(self.instruction)
        self.data = int(text)


class NumberField(DecimalField):
    """A number that may have decimals, like a percentage or a price. `message` (or the
    range's own message) is shown for anything else, including NaN and infinity."""

    def __init__(self, label=None, validators=None, *, message=None, **kwargs):
        self.instruction = _instruction(label, validators, message)
        super().__init__(label, validators, invalid_value_message=self.instruction, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = _typed(valuelist)
        self.data = None
        if not text:
            return
        try:
            value = Decimal(text)
        except InvalidOperation as error:
            raise ValueError(self.instruction) from error
        # Beyond 15 digits either side of the point no column (nor a person) means it.
        if not value.is_finite() or value and not -15 <= value.adjusted() <= 15:
            raise ValueError(self.instruction)
        self.data = value
