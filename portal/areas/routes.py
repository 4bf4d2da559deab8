"""Area and indicator pages, the area finder, and Local Area Agreement targets."""

from flask import redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal import permissions
from portal.areas import bp, pages, services
from portal.areas.forms import INDICATOR_NUMBERS, LaaForm, target_field_name
from portal.areas.places import (
    LAA_PERIODS,
    england,
    find_indicator,
    find_place,
    indicator_slug,
    indicators,
    regions_with_areas,
)
from portal.errors import NotFound, PermissionDenied
from portal.extensions import db
from portal.models import LocalArea
from portal.views import submit_form


@bp.route("/areas/")
def index():
    chosen = request.args.get("area", "")
    if chosen:
        place = find_place(chosen)
        if place is not None:
            return redirect(url_for("areas.detail", code=place.code), code=303)
    return render_template("areas/index.html", regions=regions_with_areas(), england=england(),
                           not_found=bool(chosen))


@bp.route("/areas/<code>")
def detail(code):
    place = find_place(code)
    if place is None:
        raise NotFound()
    if place.code != code:
        return redirect(url_for("areas.detail", code=place.code), code=301)
    return render_template("areas/detail.html", **pages.area_page(place))


@bp.route("/areas/<code>/laa", methods=["GET", "POST"])
@login_required
def laa(code):
    local_area = db.session.get(LocalArea, code)
    if local_area is None:
        raise NotFound()
    if not permissions.can_record_laa(current_user, local_area):
        raise PermissionDenied()
    form = LaaForm()
    if not form.is_submitted():
        from portal.areas.values import Grid, laa_targets

        form.fill(laa_targets(code, Grid([])))
    return submit_form(
        form, "areas/laa.html",
        lambda: services.save_laa_targets(local_area, form.targets(), actor=current_user),
        then=url_for("areas.detail", code=code, _anchor="laa"),
        message="Your Local Area Agreement targets are saved.",
        show_errors=lambda _, error: form.form_errors.extend(error.errors.values()),
        local_area=local_area, indicators=indicators(), periods=LAA_PERIODS,
        numbers=INDICATOR_NUMBERS, field_name=target_field_name)


@bp.route("/indicators/")
def indicator_index():
    return render_template("areas/indicators.html", indicators=indicators())


@bp.route("/indicators/<code>")
def indicator(code):
    found = find_indicator(code)
    if found is None:
        raise NotFound()
    if code != indicator_slug(found.code):
        return redirect(url_for("areas.indicator", code=indicator_slug(found.code)), code=301)
    return render_template("areas/indicator.html", **pages.indicator_page(found))
