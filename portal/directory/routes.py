"""The directory of live services, one service, and its listing form."""

from flask import render_template, request, url_for
from flask_login import current_user, login_required

from portal import permissions, reference
from portal.contracts import services as contracts
from portal.directory import bp, queries, services
from portal.directory.forms import ListingForm
from portal.errors import PermissionDenied
from portal.views import submit_form


@bp.route("/")
def index():
    filters = queries.DirectoryFilters.from_args(request.args)
    return render_template(
        "directory/index.html", filters=filters, page=queries.directory_page(filters),
        regions=reference.regions(), client_groups=reference.client_groups(),
        args=request.args)


@bp.route("/<int:contract_id>")
def detail(contract_id):
    contract = queries.get_live(contract_id)
    return render_template("directory/detail.html", contract=contract, listing=contract.listing)


@bp.route("/<int:contract_id>/listing", methods=["GET", "POST"])
@login_required
def edit(contract_id):
    contract = contracts.get_contract(contract_id)
    if not permissions.can_describe_service(current_user, contract):
        raise PermissionDenied()
    form = ListingForm()
    if not form.is_submitted():
        form.fill_from(contract)
    return submit_form(
        form, "directory/form.html",
        lambda: services.save_listing(contract, form.to_content(), actor=current_user),
        then=url_for("contracts.detail", contract_id=contract.id),
        message="The service's directory entry is saved.", contract=contract)
