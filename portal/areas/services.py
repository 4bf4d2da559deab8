"""The rules for indicator values and Local Area Agreements: bulk import and export, LAA
targets, and which local area a commissioning body serves."""

import csv
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal

from sqlalchemy import case, delete, select, tuple_

from portal import audit, permissions
from portal.areas.places import LAA_PERIODS
from portal.areas.records import COLUMNS, Areas, CheckedRow, check_row, new_value, to_row
from portal.errors import PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.models import Indicator, IndicatorValue, LaaTarget, LocalArea, Organisation

Progress = Callable[[int], None] | None


def check_rows(lines: Iterable[str], progress: Progress = None
               ) -> tuple[list[CheckedRow], dict[str, str]]:
    """Check every row of a CSV file; give the checked rows, or every bad row's problems.

    Rows are numbered as lines of the file: the column names are line 1."""
    reader = csv.DictReader(lines)
    header = reader.fieldnames or []
    missing = [name for name in COLUMNS if name not in header]
    extra = [name for name in header if name not in COLUMNS]
    if missing or extra:
        problems = ([f"missing columns: {', '.join(missing)}"] if missing else []) + (
            [f"unknown columns: {', '.join(extra)}"] if extra else [])
        return [], {"line 1": "; ".join(problems) + f" (expected {','.join(COLUMNS)})"}
    areas, checked, errors, first_seen = Areas(), [], {}, {}
    for row in reader:
        line = f"line {reader.line_num}"
        result = check_row(row, areas)
        if None in row:
            result.problems.append("has more fields than there are columns")
        if not result.problems:
            if result.key in first_seen:
                result.problems.append(f"duplicates {first_seen[result.key]} (same area, "
                                       "indicator and period)")
            else:
                first_seen[result.key] = line
        if result.problems:
            errors[line] = "; ".join(result.problems)
        checked.append(result)
        if progress:
            progress(1)
    return checked, errors


def import_values(lines: Iterable[str], *, actor, progress: Progress = None) -> int:
    """Import indicator values from CSV. Every row is checked first; one bad row stops it all.

    A row for an area, indicator and period already stored replaces that value (a revised
    figure)."""
    if not permissions.can_import_indicator_values(actor):
        raise PermissionDenied()
    checked, errors = check_rows(lines, progress)
    if errors:
        raise ValidationFailed(errors)
    keys = [row.key for row in checked]
    for start in range(0, len(keys), 500):
        db.session.execute(delete(IndicatorValue).where(tuple_(
            IndicatorValue.area_code, IndicatorValue.indicator_code, IndicatorValue.period
        ).in_(keys[start:start + 500])))
    db.session.add_all(new_value(row.values) for row in checked)
    db.session.flush()
    audit.record("indicators.imported", None, actor=actor, count=len(checked))
    return len(checked)


def export_rows(indicator_code: str | None = None) -> Iterator[dict]:
    """Every stored value as CSV rows: by indicator; England, regions, then local areas; by
    area code and period."""
    level = case({"england": 0, "region": 1}, value=IndicatorValue.level, else_=2)
    query = select(IndicatorValue).order_by(
        IndicatorValue.indicator_code, level, IndicatorValue.area_code, IndicatorValue.period)
    if indicator_code is not None:
        query = query.where(IndicatorValue.indicator_code == indicator_code)
    for value in db.session.scalars(query.execution_options(yield_per=1000)):
        yield to_row(value)


def write_csv(handle, rows: Iterable[dict]) -> int:
    writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


# ---- Local Area Agreements -------------------------------------------------------------------

def save_laa_targets(local_area: LocalArea, targets: dict[str, dict[str, Decimal | None]], *,
                     actor) -> None:
    """Replace the area's LAA: `targets` maps each indicator code to its target by year
    (None where no target). An indicator with no target in any year is not in the LAA."""
    if not permissions.can_record_laa(actor, local_area):
        raise PermissionDenied()
    known = set(db.session.scalars(select(Indicator.code)))
    errors = {}
    for code, by_year in targets.items():
        if code not in known:
            errors[code] = f"Unknown indicator {code}"
            continue
        for period, target in by_year.items():
            if period not in LAA_PERIODS:
                errors[code] = f"Targets are for {', '.join(LAA_PERIODS)}"
            elif target is not None and not 0 <= target <= 100:
                errors[f"{code} {period}"] = (
                    f"{code} target for {period} must be between 0 and 100")
    if errors:
        raise ValidationFailed(errors)
    db.session.execute(delete(LaaTarget).where(LaaTarget.local_area_code == local_area.code))
    chosen = []
    for code, by_year in sorted(targets.items()):
        for period, target in sorted(by_year.items()):
            if target is not None:
                db.session.add(LaaTarget(local_area_code=local_area.code, indicator_code=code,
                                         period=period, target_pct=target,
                                         recorded_by_id=actor.id))
                chosen.append(f"{code} {period}: {target}")
    db.session.flush()
    audit.record("laa.recorded", None, actor=actor, local_area=local_area.code,
                 targets=chosen)


def set_organisation_area(organisation: Organisation, local_area_code: str | None, *,
                          actor) -> None:
    """Site staff record which local area a commissioning body serves (or none)."""
    if not permissions.can_set_organisation_area(actor, organisation):
        raise PermissionDenied()
    if local_area_code and db.session.get(LocalArea, local_area_code) is None:
        raise ValidationFailed("Select the local area from the list", "local_area")
    organisation.local_area_code = local_area_code or None
    audit.record("organisation.area_set", organisation, actor=actor,
                 local_area=organisation.local_area_code)
