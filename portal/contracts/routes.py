"""The public contracts register and award notice, and outcome reports on the contract."""

from flask import flash, render_template, request, url_for
from flask_login import current_user, login_required

from portal import permissions, reference
from portal.bids.queries import submitted_bid_count
from portal.contracts import bp, queries, register
from portal.contracts import services as contracts
from portal.contracts.forms import read_report
from portal.errors import PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.feedback import queries as feedback
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
                           feedback=feedback.published(contract.id),
                           feedback_counts=feedback.summary(contract.id))


@bp.route("/<int:contract_id>/reports/new", methods=["GET", "POST"])
@login_required
def new_report(contract_id):
    contract = contracts.get_contract(contract_id)
    if not permissions.can_report_outcomes(current_user, contract):
        raise PermissionDenied()
    errors = {}
    if request.method == "POST":
        start, end, results, deliveries, errors = read_report(contract.opportunity, request.form)
        if not errors:
            errors = attempt(lambda: contracts.submit_report(
                contract, period_start=start, period_end=end, results=results,
                deliveries=deliveries, notes=(request.form.get("notes") or "")[:5000],
                actor=current_user)) or {}
        if not errors:
            flash("Your report is submitted. The commissioner will confirm it.", "success")
            return see_other("contracts.detail", contract_id=contract.id)
    return render_template("contracts/report_form.html", contract=contract, errors=errors,
                           form=request.form), 400 if errors else 200


@bp.route("/<int:contract_id>/reports/<int:report_id>/confirm", methods=["POST"])
@login_required
def confirm_report(contract_id, report_id):
    contract = contracts.get_contract(contract_id)
    if not permissions.can_decide_reports_on(current_user, contract):
        raise PermissionDenied()
    report = contracts.get_report(contract, report_id)
    errors = attempt(lambda: contracts.confirm_report(report, actor=current_user))
    flash_outcome(errors, "The report is confirmed and its results are public.")
    return see_other("contracts.detail", contract_id=contract.id)


@bp.route("/<int:contract_id>/reports/<int:report_id>/return", methods=["GET", "POST"])
@login_required
def return_report(contract_id, report_id):
    contract = contracts.get_contract(contract_id)
    if not permissions.can_decide_reports_on(current_user, contract):
        raise PermissionDenied()
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
