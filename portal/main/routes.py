"""Home page, the signed-in dashboard and the site's fixed pages."""

from flask import render_template
from flask_login import current_user, login_required

from portal.main import bp, services


@bp.route("/")
def index():
    return render_template(
        "main/index.html",
        indicators=services.indicators(),
        client_groups=services.client_groups(),
        regions=services.regions_with_area_counts(),
    )


@bp.route("/dashboard")
@login_required
def dashboard():
    return render_template("main/dashboard.html", user=current_user)


@bp.route("/accessibility")
def accessibility():
    return render_template("main/accessibility.html")


@bp.route("/privacy")
def privacy():
    return render_template("main/privacy.html")
