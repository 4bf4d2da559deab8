"""Indicator targets and social clauses through the metrics extension.

One metric per targeted National Indicator and per social clause, with the same id at every
stage: the tender's targets, the winning bid's commitments (`agreedMetrics` of the award and
the contract) and the results of confirmed outcome reports (`implementation.metrics`). A
report's figures run from the contract's start to the end of its period (the portal's rule,
`portal.contracts.services.delivered_so_far`), so each observation's period starts there.
"""

from datetime import date, datetime
from decimal import Decimal

PERCENT = {"name": "percent"}


def _number(value) -> int | float:
    number = Decimal(value)
    return int(number) if number == number.to_integral_value() else float(number)


def _day(value: date, end: bool = False) -> str:
    return f"{value.isoformat()}T{'23:59:59' if end else '00:00:00'}Z"


def indicator_metric_id(target) -> str:
    return "indicator-" + target.indicator_code.replace(" ", "-")


def clause_metric_id(clause) -> str:
    return f"social-clause-{clause.id}"


def _metric(metric_id: str, title: str, description: str, observations: list[dict]) -> dict:
    return {"id": metric_id, "title": title, "description": description,
            "observations": observations}


def _indicator_targets(target) -> dict | None:
    observations = [
        {"id": name, "measure": _number(value), "unit": PERCENT, "notes": notes}
        for name, value, notes in (
            ("baseline", target.baseline_pct, "Where the service starts"),
            ("target", target.target_pct,
             f"For a cohort of about {target.cohort_size:,} people" if target.cohort_size
             else "The improvement sought"))
        if value is not None]
    if not observations:
        return None
    return _metric(indicator_metric_id(target), f"{target.indicator_code}: "
                   f"{target.indicator.title}", target.description, observations)


def _clause(clause, observations: list[dict]) -> dict:
    return _metric(clause_metric_id(clause), clause.clause_type.name, clause.requirement,
                   observations)


def tender_targets(opportunity) -> list[dict]:
    """The improvement each indicator should see, and each social clause's minimum."""
    metrics = [m for t in opportunity.indicators if (m := _indicator_targets(t))]
    return metrics + [_clause(c, [{"id": "minimum", "measure": _number(c.minimum),
                                   "unit": {"name": c.unit_label}}])
                      for c in opportunity.social_clauses]


def agreed(contract) -> list[dict]:
    """What the winning bid, as submitted, committed to: public on the award notice too."""
    version = contract.bid.current_version.content
    metrics = []
    for target in contract.opportunity.indicators:
        expected = version.get("improvements", {}).get(str(target.id)) or {}
        if expected.get("expected_pct") is not None:
            people = expected.get("people")
            metrics.append(_metric(
                indicator_metric_id(target), f"{target.indicator_code}: {target.indicator.title}",
                "The share of people reaching the outcome that the winning bid expects",
                [{"id": "expected", "measure": _number(expected["expected_pct"]),
                  "unit": PERCENT,
                  **({"notes": f"Of about {people:,} people"} if people else {})}]))
    for clause in contract.opportunity.social_clauses:
        committed = version.get("commitments", {}).get(str(clause.id))
        if committed is not None:
            metrics.append(_clause(clause, [{"id": "committed", "measure": _number(committed),
                                             "unit": {"name": clause.unit_label}}]))
    return metrics


def _period(contract, report) -> dict:
    return {"startDate": _day(contract.starts_on), "endDate": _day(report.period_end, end=True)}


def results(contract, at: datetime) -> list[dict]:
    """Every outcome report the commissioner had confirmed by `at`; others never show."""
    reports = [r for r in contract.reports
               if r.status == "confirmed" and r.decided_at is not None and r.decided_at <= at]
    metrics = []
    for target in contract.opportunity.indicators:
        observations = [
            {"id": f"report-{r.id}", "period": _period(contract, r),
             "measure": _number(result.rate_pct), "unit": PERCENT,
             "notes": f"So far {result.achieved:,} of {result.worked_with:,} people reached "
                      "the outcome"}
            for r in reports for result in r.results
            if result.target_id == target.id and result.rate_pct is not None]
        if observations:
            metrics.append(_metric(indicator_metric_id(target),
                                   f"{target.indicator_code}: {target.indicator.title}",
                                   "Confirmed results, from the start of the contract",
                                   observations))
    for clause in contract.opportunity.social_clauses:
        observations = [{"id": f"report-{r.id}", "period": _period(contract, r),
                         "measure": _number(d.delivered), "unit": {"name": clause.unit_label},
                         "notes": "Delivered so far, from the start of the contract"}
                        for r in reports for d in r.deliveries if d.clause_id == clause.id]
        if observations:
            metrics.append(_clause(clause, observations))
    return metrics
