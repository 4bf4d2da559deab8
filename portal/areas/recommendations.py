""""What works for this area": the one place that decides which library entries to suggest.

The rule (also in the README and on every area page):

1. An area gets suggestions for an indicator only where it is below England, comparing the
   latest year in which both have a value. An area level with or above England gets none.
2. A library entry is a candidate for that indicator only if it is published and has a
   measured impact on that same indicator that went up (result above baseline). Entries
   without an impact on the indicator never appear.
3. It must have worked elsewhere: entries whose every local area lies inside this area (for
   a region: inside the region) are left out.
4. Candidates rank by evidence-weighted improvement:
       score = improvement in percentage points × evidence rating ÷ 5
   so a rating-5 (replicated) result counts in full and a rating-1 (described) result counts
   one fifth. With several impacts on the indicator, the entry's best one counts. Equal
   scores go to the stronger evidence, then the larger cohort, then the older entry.
5. Up to three entries are suggested per indicator; indicators are listed with the largest
   gap below England first, so the first is the area's weakest.
"""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.areas.places import Place
from portal.areas.values import Grid
from portal.extensions import db
from portal.models import ENGLAND_CODE, IndicatorImpact, IndicatorValue, LibraryEntry

SUGGESTIONS_PER_INDICATOR = 3
RULE_SUMMARY = (
    "For each indicator where this area is below England (in the latest year both have a "
    "value), we suggest up to three published practice library entries that raised that "
    "same indicator somewhere else. They are ranked by evidence-weighted improvement: the "
    "rise in percentage points multiplied by the evidence rating out of 5, so a result "
    "replicated in several places (rating 5) counts in full and a described one (rating 1) "
    "counts a fifth. Equal scores go to stronger evidence, then to the larger group of people."
)


def evidence_weighted_improvement(change_pp: Decimal, evidence_rating: int) -> Decimal:
    """The ranking score: improvement in points × evidence rating ÷ 5, to two places."""
    return (Decimal(change_pp) * evidence_rating / 5).quantize(Decimal("0.01"))


@dataclass
class Suggestion:
    """A library entry suggested for one indicator, with the impact that earned it."""

    entry: LibraryEntry
    impact: IndicatorImpact
    score: Decimal
    # Why it is suggested: `evidence` under the indicator's own gap on the page; `reason`
    # (gap and evidence together) where it stands alone, as in the API.
    evidence: str = ""
    reason: str = ""

    @property
    def sort_key(self) -> tuple:
        return (-self.score, -self.entry.evidence_rating, -self.impact.cohort, self.entry.id)


@dataclass
class Gap:
    """An indicator on which an area is below England, and what worked on it elsewhere."""

    value: IndicatorValue
    england: IndicatorValue
    suggestions: list[Suggestion]

    @property
    def gap_pp(self) -> Decimal:
        return self.england.value_pct - self.value.value_pct


def _improving_impacts(indicator_codes: list[str]) -> dict[str, list[IndicatorImpact]]:
    """The rises on each indicator, read in one query for a whole page of indicators."""
    found: dict[str, list[IndicatorImpact]] = {code: [] for code in indicator_codes}
    for impact in db.session.scalars(
            select(IndicatorImpact).join(LibraryEntry)
            .where(LibraryEntry.status == "published",
                   IndicatorImpact.indicator_code.in_(indicator_codes),
                   IndicatorImpact.result_pct > IndicatorImpact.baseline_pct)
            .options(selectinload(IndicatorImpact.entry).selectinload(LibraryEntry.local_areas))):
        found[impact.indicator_code].append(impact)
    return found


def _inside(entry: LibraryEntry, place: Place | None) -> bool:
    """True when every local area of the entry lies inside the place."""
    if place is None or place.level == "england" or not entry.local_areas:
        return False
    if place.level == "region":
        return all(area.region_code == place.code for area in entry.local_areas)
    return all(area.code == place.code for area in entry.local_areas)


def ranked_entries(indicator_code: str, *, elsewhere_than: Place | None = None,
                   limit: int | None = SUGGESTIONS_PER_INDICATOR) -> list[Suggestion]:
    """Published entries that raised the indicator, best evidence-weighted improvement first."""
    return _ranked(_improving_impacts([indicator_code])[indicator_code], elsewhere_than, limit)


def _ranked(impacts: list[IndicatorImpact], elsewhere_than: Place | None,
            limit: int | None) -> list[Suggestion]:
    best: dict[int, Suggestion] = {}
    for impact in impacts:
        entry = impact.entry
        if _inside(entry, elsewhere_than):
            continue
        score = evidence_weighted_improvement(impact.change_pp, entry.evidence_rating)
        candidate = Suggestion(entry, impact, score)
        if entry.id not in best or candidate.sort_key < best[entry.id].sort_key:
            best[entry.id] = candidate
    ranked = sorted(best.values(), key=lambda suggestion: suggestion.sort_key)
    return ranked[:limit] if limit is not None else ranked


def _pp(value: Decimal) -> str:
    return f"{Decimal(value):.1f}"


def _gap_sentence(place: Place, gap: Gap) -> str:
    code = gap.value.indicator_code
    return (f"{place.name} is {_pp(gap.gap_pp)} points below England on {code} "
            f"({_pp(gap.value.value_pct)}% against {_pp(gap.england.value_pct)}% in "
            f"{gap.value.period}).")


def _evidence_sentence(suggestion: Suggestion) -> str:
    """What the entry did elsewhere and how its score comes about (the page's "why")."""
    entry, impact = suggestion.entry, suggestion.impact
    where = ", ".join(area.name for area in entry.local_areas) or "another area"
    return (
        f"This service raised {impact.indicator_code} by "
        f"{_pp(impact.change_pp)} points ({_pp(impact.baseline_pct)}% to "
        f"{_pp(impact.result_pct)}% for {impact.cohort:,} people) in {where}, with evidence "
        f"rated {entry.evidence_rating} out of 5 ({entry.evidence_label.lower()}): a score "
        f"of {_pp(impact.change_pp)} × {entry.evidence_rating} ÷ 5 = {suggestion.score}."
    )


def what_works(place: Place, grid: Grid) -> list[Gap]:
    """Every indicator where the place is below England, largest gap first, with suggestions."""
    below = []
    indicator_codes = sorted({code for (area, code, _) in grid.values if area == place.code})
    for code in indicator_codes:
        period = grid.latest_shared_period(place.code, code, ENGLAND_CODE)
        if period is None:
            continue
        value, england = grid.get(place.code, code, period), grid.get(ENGLAND_CODE, code, period)
        if value.value_pct < england.value_pct:
            below.append((value, england))
    impacts = _improving_impacts([value.indicator_code for value, _ in below]) if below else {}
    gaps = []
    for value, england in below:
        gap = Gap(value, england, _ranked(impacts[value.indicator_code], place,
                                          SUGGESTIONS_PER_INDICATOR))
        for suggestion in gap.suggestions:
            suggestion.evidence = _evidence_sentence(suggestion)
            suggestion.reason = f"{_gap_sentence(place, gap)} {suggestion.evidence}"
        gaps.append(gap)
    return sorted(gaps, key=lambda gap: (-gap.gap_pp, gap.value.indicator_code))


def largest_improvements(indicator_code: str, limit: int = 5) -> list[Suggestion]:
    """For an indicator page: the entries with the largest measured rise on it, whatever the
    evidence (each shown with its rating)."""
    ranked = ranked_entries(indicator_code, limit=None)
    ranked.sort(key=lambda s: (-s.impact.change_pp, -s.entry.evidence_rating, s.entry.id))
    return ranked[:limit]
