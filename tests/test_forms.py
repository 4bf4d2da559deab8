"""Every number field in every form says what to type when given something else, and has a
range, so WTForms' "Not a valid decimal value." never reaches a page."""

import importlib
import pkgutil

from wtforms import DecimalField, Form, IntegerField

import portal
from portal.forms import NumberField, WholeNumberField


def _form_classes():
    for module in pkgutil.walk_packages(portal.__path__, "portal."):
        if module.name.endswith(".forms"):
            imported = importlib.import_module(module.name)
            for value in vars(imported).values():
                if isinstance(value, type) and issubclass(value, Form):
                    yield value


def _number_fields(form_class):
    for name in dir(form_class):
        unbound = getattr(form_class, name)
        field_class = getattr(unbound, "field_class", None)
        if isinstance(field_class, type) and issubclass(field_class, IntegerField | DecimalField):
            yield f"{form_class.__module__}.{form_class.__name__}.{name}", field_class


def test_every_number_field_in_every_form_is_one_of_ours():
    fields = [found for form in _form_classes() for found in _number_fields(form)]
    assert len(fields) >= 10  # the walk found the forms
    plain = [name for name, field_class in fields
             if not issubclass(field_class, WholeNumberField | NumberField)]
    assert plain == []
