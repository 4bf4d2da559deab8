"""Variations: the commissioner changes a contract's value or end date after the award, with a
public reason. An extension is a variation that moves the end date later.

The contract's `value` and `ends_on` then say its current terms (the register, its filters and
the API read them); each variation keeps the terms it replaced, so the original ones stay known
(`Contract.original_value`) and each release of the open contracting data can show the terms
as they stood at its date (`terms_at`).
"""

from datetime import date, datetime
from decimal import Decimal

from portal import audit, clock, permissions
from portal.contracts import schedule
from portal.errors import PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.models import Contract, ContractVariation

MAX_VALUE = Decimal("1e12")
MAX_YEARS = 20  # a contract longer than this is a typing mistake (and a schedule of 80+ periods)


def _check(contract: Contract, effective_on: date, reason: str, value: Decimal | None,
           ends_on: date | None) -> None:
    errors = {}
    if not reason:
        errors["reason"] = "Enter the reason for the variation: it is published"
    if value is not None and not Decimal(0) < value < MAX_VALUE:
        errors["value"] = "The new value must be more than £0"
    if ends_on is not None and ends_on < contract.starts_on:
        errors["ends_on"] = (f"The new end date must be after the contract starts, on "
                             f"{contract.starts_on:%-d %B %Y}")
    elif ends_on is not None and ends_on > schedule.add_months(contract.starts_on,
                                                               12 * MAX_YEARS):
        errors["ends_on"] = f"The new end date must be within {MAX_YEARS} years of the start"
    if value is None and ends_on is None and "value" not in errors:
        errors["value"] = "Enter a new value or a new end date"
    if effective_on < contract.starts_on or effective_on > max(contract.ends_on,
                                                               ends_on or contract.ends_on):
        errors["effective_on"] = "The variation must take effect while the contract runs"
    if errors:
        raise ValidationFailed(errors)


def record_variation(contract: Contract, *, effective_on: date, reason: str,
                     value: Decimal | None, ends_on: date | None, actor) -> ContractVariation:
    """Vary the value and/or the end date: the contract takes the new terms, the schedule
    follows a new end date (`schedule.fit_to_end`), and the variation is public and audited.
    A value or date equal to the current one counts as unchanged."""
    if not permissions.can_vary_contract(actor, contract):
        raise PermissionDenied()
    value = None if value == contract.value else value
    ends_on = None if ends_on == contract.ends_on else ends_on
    _check(contract, effective_on, reason.strip(), value, ends_on)
    variation = ContractVariation(
        effective_on=effective_on, reason=reason.strip(), value_before=contract.value,
        value_after=value, ends_on_before=contract.ends_on, ends_on_after=ends_on,
        recorded_at=clock.now(), recorded_by_id=actor.id)
    contract.variations.append(variation)
    contract.value, contract.ends_on = variation.value, variation.ends_on
    if ends_on is not None:
        schedule.fit_to_end(contract, variation.ends_on_before)
    db.session.flush()
    audit.record("contract.extended" if variation.is_extension else "contract.varied",
                 contract, actor=actor, variation=variation.id, reason=variation.reason,
                 effective_on=effective_on.isoformat(), **_changes(variation))
    return variation


def _changes(variation: ContractVariation) -> dict[str, str]:
    changes = {}
    if variation.value_after is not None:
        changes.update(value_before=str(variation.value_before),
                       value_after=str(variation.value_after))
    if variation.ends_on_after is not None:
        changes.update(ends_on_before=variation.ends_on_before.isoformat(),
                       ends_on_after=variation.ends_on_after.isoformat())
    return changes


def describe(variation: ContractVariation) -> str:
    """The change in words, for the award notice and the open contracting data."""
    parts = []
    if variation.value_after is not None:
        parts.append(f"Value changed from £{variation.value_before:,.2f} to "
                     f"£{variation.value_after:,.2f}.")
    if variation.ends_on_after is not None:
        kind = "Extended" if variation.is_extension else "End date brought forward"
        parts.append(f"{kind}: the contract now ends on {variation.ends_on_after:%-d %B %Y} "
                     f"instead of {variation.ends_on_before:%-d %B %Y}.")
    return " ".join(parts)


def terms_at(contract: Contract, at: datetime) -> tuple[Decimal, date]:
    """The contract's value and end date as they stood at `at` (variations recorded by then)."""
    recorded = [v for v in contract.variations if v.recorded_at <= at]
    if not recorded:
        return contract.original_value, contract.original_ends_on
    return recorded[-1].value, recorded[-1].ends_on
