"""Home page, the signed-in dashboard and the site's fixed pages."""

from flask import render_template
from flask_login import current_user, login_required

from portal import permissions, reference
from portal.contracts import commissioned
from portal.main import bp, home
from portal.opportunities import queries as opportunity_queries


@bp.route("/")
def index():
    return render_template(
        "main/index.html", **home.home_page(current_user),
        indicators=reference.indicators(),
        client_groups=reference.client_groups(),
        regions=reference.regions_with_area_counts(),
        areas_by_region=reference.regions(),
    )


@bp.route("/dashboard")
@login_required
def dashboard():
    opportunities = contracts = overdue = None
    if permissions.is_commissioner(current_user):
        opportunities = opportunity_queries.dashboard(current_user)
        contracts = commissioned.contracts_let(current_user.organisation, actor=current_user)
        overdue = [row for row in contracts if row.overdue]
    elif permissions.is_provider(current_user):
        overdue = commissioned.overdue_won(current_user.organisation, actor=current_user)
    return render_template(
        "main/dashboard.html", user=current_user, opportunities=opportunities,
        contracts=contracts, overdue=overdue or [],
        reports_waiting=commissioned.reports_waiting(contracts) if contracts else 0,
        reports_overdue=commissioned.reports_overdue(overdue or []))


@bp.route("/accessibility")
def accessibility():
    return render_template("main/accessibility.html")


@bp.route("/privacy")
def privacy():
    return render_template("main/privacy.html")


@bp.route("/cookies")
def cookies():
    return render_template("main/cookies.html")
