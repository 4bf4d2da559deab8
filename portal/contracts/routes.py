"""The public contracts register and award notice, and outcome reports on the contract."""

from flask import flash, render_template, request, url_for
from flask_login import current_user, login_required

from portal import clock, permissions, reference
from portal.bids.queries import submitted_bid_count
from portal.contracts import bp, queries, register, schedule, variations
from portal.contracts import services as contracts
from portal.contracts.forms import PERIOD_FIELDS, read_dates, read_report, read_variation
from portal.errors import PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.feedback import queries as feedback
from portal.models import Contract
from portal.views import attempt, csv_download, flash_outcome, see_other


def _filter_args() -> dict[str, list[str]]:
    """The query string without the page: the CSV holds every page."""
    return {name: values for name, values in request.args.lists() if name != "page"}


@bp.route("/")
def index():
    filters = queries.ContractFilters.from_args(request.args)
    buyers, suppliers = queries.parties()
    return render_template(
        "contracts/index.html", filters=filters, page=queries.contract_page(filters),
        sorts=queries.SORTS, buyers=buyers, suppliers=suppliers,
        client_groups=reference.client_groups(), indicators=reference.indicators(),
        regions=reference.regions(), args=request.args,
        csv_url=url_for("contracts.register_csv", **_filter_args()))


@bp.route("/register.csv")
def register_csv():
    filters = queries.ContractFilters.from_args(request.args)
    return csv_download("contracts-register.csv", list(register.COLUMNS),
                        (register.row(contract) for contract in queries.all_contracts(filters)))


@bp.route("/<int:contract_id>")
def detail(contract_id):
    contract = contracts.get_contract(contract_id)
    so_far = contracts.delivered_so_far(contract)
    return render_template("contracts/detail.html", contract=contract, so_far=so_far,
                           deliveries=contracts.delivered_against_committed(contract, so_far),
                           bids_received=submitted_bid_count(contract.opportunity_id),
                           schedule=schedule, describe=variations.describe,
                           in_directory=contract.runs_on(clock.uk_today()),
                           feedback=feedback.published(contract.id),
                           feedback_counts=feedback.summary(contract.id))


def _contract_for(contract_id: int, allowed) -> Contract:
    """The contract, once `allowed(current_user, contract)` says the user may do this."""
    contract = contracts.get_contract(contract_id)
    if not allowed(current_user, contract):
        raise PermissionDenied()
    return contract


def _chosen_period(contract, errors: dict[str, str]):
    """The scheduled period the report is for (posted, or in the link from the schedule)."""
    raw = request.form.get("period") or request.args.get("period")
    if not raw:
        return None
    period = next((p for p in schedule.reportable(contract) if str(p.id) == raw), None)
    if period is None and request.method == "POST":
        errors["period"] = "Choose a period that has ended and is waiting for a report"
    return period


def _period_missing(contract, period, errors: dict[str, str]) -> dict[str, str]:
    """The form offers the periods waiting for a report instead of dates: with none chosen,
    say so rather than ask for dates the page does not show."""
    if period is not None or "period_start" in request.form or not schedule.reportable(
            contract):
        return errors
    return {"period": "Choose the period you are reporting on",
            **{name: message for name, message in errors.items()
               if name not in ("period_start", "period_end")}}


def _report_form(period):
    """The posted form, with the dates of the chosen period when there is one."""
    form = request.form.copy()
    if period is not None:
        form["period_start"], form["period_end"] = (period.starts_on.isoformat(),
                                                    period.ends_on.isoformat())
    return form


@bp.route("/<int:contract_id>/reports/new", methods=["GET", "POST"])
@login_required
def new_report(contract_id):
    contract = _contract_for(contract_id, permissions.can_report_outcomes)
    errors: dict[str, str] = {}
    period = _chosen_period(contract, errors)
    if request.method == "POST" and not errors:
        start, end, results, deliveries, errors = read_report(contract.opportunity,
                                                              _report_form(period))
        errors = _period_missing(contract, period, errors)
        if not errors:
            errors = attempt(lambda: contracts.submit_report(
                contract, period_start=start, period_end=end, results=results,
                deliveries=deliveries, notes=(request.form.get("notes") or "")[:5000],
                period=period, actor=current_user)) or {}
        if not errors:
            flash("Your report is submitted. The commissioner will confirm it.", "success")
            return see_other("contracts.detail", contract_id=contract.id)
    return render_template("contracts/report_form.html", contract=contract, errors=errors,
                           form=request.form, periods=schedule.reportable(contract),
                           chosen=period), 400 if errors else 200


@bp.route("/<int:contract_id>/reports/<int:report_id>/confirm", methods=["POST"])
@login_required
def confirm_report(contract_id, report_id):
    contract = _contract_for(contract_id, permissions.can_decide_reports_on)
    report = contracts.get_report(contract, report_id)
    errors = attempt(lambda: contracts.confirm_report(report, actor=current_user))
    flash_outcome(errors, "The report is confirmed and its results are public.")
    return see_other("contracts.detail", contract_id=contract.id)


@bp.route("/<int:contract_id>/reports/<int:report_id>/return", methods=["GET", "POST"])
@login_required
def return_report(contract_id, report_id):
    contract = _contract_for(contract_id, permissions.can_decide_reports_on)
    report = contracts.get_report(contract, report_id)
    if not permissions.can_decide_report(current_user, report):
        raise PermissionDenied()
    errors = {}
    if request.method == "POST":
        errors = attempt(lambda: contracts.return_report(
            report, (request.form.get("reason") or "")[:2000], actor=current_user)) or {}
        if not errors:
            flash("The report is returned to the provider with your reason.", "success")
            return see_other("contracts.detail", contract_id=contract.id)
    return render_template("contracts/return_report.html", contract=contract, report=report,
                           errors=errors), 400 if errors else 200


@bp.route("/<int:contract_id>/library-entry", methods=["POST"])
@login_required
def library_entry(contract_id):
    contract = contracts.get_contract(contract_id)
    try:
        entry = contracts.contribute_from_contract(contract, actor=current_user)
    except ValidationFailed as error:
        db.session.rollback()
        flash(next(iter(error.errors.values())), "error")
        return see_other("contracts.detail", contract_id=contract.id)
    db.session.commit()
    flash("A library entry is drafted from this contract. Check it: it is published once "
          "an admin has reviewed it.", "success")
    return see_other("library.edit", entry_id=entry.id)


def _period_page(contract, period, save):
    """The add and change forms of a reporting period: the dates, checked by `save`."""
    errors: dict[str, str] = {}
    if request.method == "POST":
        dates, errors = read_dates(request.form, PERIOD_FIELDS)
        if not errors:
            errors = attempt(lambda: save(dates["starts_on"], dates["ends_on"],
                                          dates["due_on"])) or {}
        if not errors:
            flash("The reporting schedule is saved.", "success")
            return see_other("contracts.detail", contract_id=contract.id, _anchor="schedule")
    values = request.form if request.method == "POST" else {
        name: getattr(period, name).isoformat() for name in PERIOD_FIELDS} if period else {}
    return render_template("contracts/period_form.html", contract=contract, period=period,
                           errors=errors, form=values), 400 if errors else 200


@bp.route("/<int:contract_id>/periods/new", methods=["GET", "POST"])
@login_required
def new_period(contract_id):
    contract = _contract_for(contract_id, permissions.can_edit_schedule)
    return _period_page(contract, None, lambda start, end, due: schedule.add_period(
        contract, start, end, due, actor=current_user))


@bp.route("/<int:contract_id>/periods/<int:period_id>/edit", methods=["GET", "POST"])
@login_required
def edit_period(contract_id, period_id):
    contract = _contract_for(contract_id, permissions.can_edit_schedule)
    period = schedule.get_period(contract, period_id)
    if not permissions.can_edit_period(current_user, period):
        raise PermissionDenied()
    return _period_page(contract, period, lambda start, end, due: schedule.edit_period(
        period, start, end, due, actor=current_user))


@bp.route("/<int:contract_id>/periods/<int:period_id>/remove", methods=["POST"])
@login_required
def remove_period(contract_id, period_id):
    contract = _contract_for(contract_id, permissions.can_edit_schedule)
    period = schedule.get_period(contract, period_id)
    errors = attempt(lambda: schedule.remove_period(period, actor=current_user))
    flash_outcome(errors, "The period is removed from the reporting schedule.")
    return see_other("contracts.detail", contract_id=contract.id, _anchor="schedule")


@bp.route("/<int:contract_id>/variations/new", methods=["GET", "POST"])
@login_required
def new_variation(contract_id):
    contract = _contract_for(contract_id, permissions.can_vary_contract)
    errors: dict[str, str] = {}
    if request.method == "POST":
        data, errors = read_variation(request.form)
        if not errors:
            errors = attempt(lambda: variations.record_variation(
                contract, effective_on=data.effective_on, reason=data.reason,
                value=data.value, ends_on=data.ends_on, actor=current_user)) or {}
        if not errors:
            flash("The variation is recorded and published on the award notice.", "success")
            return see_other("contracts.detail", contract_id=contract.id,
                             _anchor="variations")
    return render_template("contracts/variation_form.html", contract=contract, errors=errors,
                           form=request.form), 400 if errors else 200
