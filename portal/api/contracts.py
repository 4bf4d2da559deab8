"""Open data: contracts made by awards, the register the contracts page shows.

GET /api/v1/contracts        filters: buyer, supplier, client_group, indicator, region,
                             awarded_after/before, ends_after/before; sort=awarded|ending
GET /api/v1/contracts/<id>   one contract, with its award (also in the awarded opportunity)
"""

from flask import jsonify, request, url_for

from portal.api import bp
from portal.api.paging import paged
from portal.api.values import iso, number
from portal.contracts import queries
from portal.errors import ValidationFailed
from portal.feedback import queries as feedback
from portal.urls import api_paging


def supplier_json(organisation) -> dict:
    return {"id": organisation.id, "name": organisation.name, "kind": organisation.kind,
            "charity_number": organisation.charity_number,
            "company_number": organisation.company_number}


def _variation_json(variation) -> dict:
    return {"effective_date": iso(variation.effective_on),
            "recorded_at": iso(variation.recorded_at), "reason": variation.reason,
            "extension": variation.is_extension,
            "value_before": {"amount": number(variation.value_before), "currency": "GBP"},
            "value_after": {"amount": number(variation.value), "currency": "GBP"},
            "end_date_before": iso(variation.ends_on_before),
            "end_date_after": iso(variation.ends_on)}


def contract_summary_json(contract) -> dict:
    """Who won what, for how much, until when: the current terms, and the variations that
    changed them from the award's, oldest first."""
    opportunity = contract.opportunity
    return {
        "id": contract.id,
        "url": url_for("contracts.detail", contract_id=contract.id, _external=True),
        "api": url_for("api.contract", contract_id=contract.id, _external=True),
        "opportunity": {
            "id": opportunity.id, "title": opportunity.title,
            "url": url_for("opportunities.detail", opportunity_id=opportunity.id,
                           _external=True),
            "api": url_for("api.opportunity", opportunity_id=opportunity.id, _external=True)},
        "buyer": {"id": opportunity.organisation_id, "name": opportunity.organisation.name},
        "supplier": supplier_json(contract.organisation),
        "value": {"amount": number(contract.value), "currency": "GBP"},
        "date": iso(contract.awarded_at),
        "contract_period": {"start_date": iso(contract.starts_on),
                            "end_date": iso(contract.ends_on)},
        "variations": [_variation_json(variation) for variation in contract.variations],
    }


def _clause_json(facts) -> dict:
    clause = facts.clause
    return {"type": clause.clause_type_code, "name": clause.clause_type.name,
            "unit": clause.unit, "minimum": number(clause.minimum),
            "committed": number(facts.committed), "delivered": number(facts.delivered)}


def _target_json(facts) -> dict:
    target = facts.target
    return {"indicator": target.indicator_code, "baseline_pct": number(target.baseline_pct),
            "target_pct": number(target.target_pct),
            "committed_pct": number(facts.committed_pct), "worked_with": facts.worked_with,
            "achieved": facts.achieved, "rate_pct": number(facts.rate_pct)}


def _report_json(report) -> dict:
    return {"period_start": iso(report.period_start), "period_end": iso(report.period_end),
            "confirmed_at": iso(report.decided_at),
            "indicator_results": [
                {"indicator": r.target.indicator_code, "worked_with": r.worked_with,
                 "achieved": r.achieved, "rate_pct": number(r.rate_pct)} for r in report.results],
            "social_clauses": [
                {"type": d.clause.clause_type_code, "delivered": number(d.delivered)}
                for d in report.deliveries]}


def feedback_json(contract) -> dict:
    """Published feedback in numbers: how many, and the average answer to each question.
    Never anyone's words, nor who gave them."""
    summary = feedback.summary(contract.id)
    return {"published": summary.published, "ratings": [
        {"question": rating.code, "text": rating.question, "answers": rating.answers,
         "average": number(rating.average)} for rating in summary.ratings]}


def contract_json(contract) -> dict:
    """Everything public about a contract: the award, the winning bid's commitments and what
    confirmed outcome reports say was delivered against them."""
    facts = queries.award_facts(contract)
    body = contract_summary_json(contract)
    body["winning_score"] = number(contract.winning_score)
    if facts.bids_received is not None:
        body["bids_received"] = facts.bids_received
    body.update({
        "social_clauses": [_clause_json(clause) for clause in facts.clauses],
        "indicator_results": [_target_json(target) for target in facts.targets],
        "results_up_to": iso(facts.so_far.to),
        "outcome_reports": [_report_json(report) for report in facts.reports],
        "feedback": feedback_json(contract),
    })
    return body


def award_json(contract) -> dict:
    """The award as the awarded opportunity carries it: the contract without the opportunity
    it belongs to, and a link to the contract."""
    body = contract_json(contract)
    link = {key: body.pop(key) for key in ("id", "url", "api")}
    del body["opportunity"], body["buyer"]
    return {"contract": link, **body}


@bp.route("/contracts")
def contracts():
    filters = queries.ContractFilters.from_args(request.args)
    filters.page, per_page = api_paging(request.args, queries.PER_PAGE)
    if filters.errors:
        raise ValidationFailed(filters.errors)
    page = queries.contract_page(filters, per_page=per_page)
    return paged([contract_summary_json(contract) for contract in page.items],
                 total=page.total, page=page.page, per_page=page.per_page)


@bp.route("/contracts/<int:contract_id>")
def contract(contract_id):
    return jsonify(contract_json(queries.get_public(contract_id)))
