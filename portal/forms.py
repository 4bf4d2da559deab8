"""Helpers shared by every area's forms."""

from wtforms import SelectChoice


def choice_list(pairs) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs."""
    return [SelectChoice(value=value, label=label) for value, label in pairs]
