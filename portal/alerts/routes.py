"""Alert pages. The unsubscribe link works without signing in: its token is the key."""

from flask import flash, render_template, request, url_for
from flask_login import current_user, login_required

from portal.alerts import bp, services
from portal.alerts.follows import followed_by
from portal.alerts.forms import AlertForm
from portal.errors import ValidationFailed
from portal.extensions import csrf, db
from portal.models import ALERT_FREQUENCIES, SavedAlert
from portal.templating import query_args
from portal.views import see_other, submit_form


@bp.route("/")
@login_required
def index():
    alerts = services.alerts_of(current_user)
    return render_template("alerts/index.html", alerts=alerts, describe=services.describe,
                           frequencies=ALERT_FREQUENCIES,
                           search_url=services.search_url, following=followed_by(current_user))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    source = request.args.get("source", "search")
    try:
        watch = services.Watch(source, request.args)
    except ValidationFailed as error:
        return render_template("alerts/cannot_save.html", errors=error.errors), 400
    form = AlertForm()
    if request.method == "GET":
        form.name.data = watch.default_name()
    preview = SavedAlert(source=watch.source, query=watch.query, filters=watch.filters,
                         value_min=watch.value_min, value_max=watch.value_max)
    return submit_form(form, "alerts/form.html", lambda: services.create(
        watch, form.name.data, form.frequency.data, actor=current_user), then="alerts.index",
        message=lambda alert: f"Alert “{alert.name}” saved", watch=watch,
        lines=services.describe(preview))


@bp.route("/<int:alert_id>", methods=["GET", "POST"])
@login_required
def edit(alert_id):
    alert = services.get_own(alert_id, actor=current_user)
    form = AlertForm(obj=alert)
    return submit_form(form, "alerts/form.html", lambda: services.change(
        alert, form.name.data, form.frequency.data, actor=current_user), then="alerts.index",
        message=lambda _: f"Alert “{alert.name}” changed", alert=alert,
        lines=services.describe(alert))


@bp.route("/<int:alert_id>/<any(stop, resume, delete):action>", methods=["POST"])
@login_required
def act(alert_id, action):
    alert = services.get_own(alert_id, actor=current_user)
    name = alert.name
    getattr(services, action)(alert, actor=current_user)
    db.session.commit()
    done = {"stop": "stopped", "resume": "started again", "delete": "deleted"}[action]
    flash(f"Alert “{name}” {done}", "success")
    return see_other("alerts.index")


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # mail clients POST here for one-click unsubscribe (RFC 8058)
def unsubscribe(token):
    alerts, already = services.unsubscribe(token)
    db.session.commit()
    if request.method == "POST":
        return "Unsubscribed\n", 200, {"Content-Type": "text/plain; charset=utf-8"}
    return render_template("alerts/unsubscribed.html", alerts=alerts, already=already,
                           token=token)


@bp.route("/unsubscribe/<token>/undo", methods=["POST"])
def undo_unsubscribe(token):
    alerts = services.undo_unsubscribe(token)
    db.session.commit()
    return render_template("alerts/unsubscribed.html", alerts=alerts, resumed=True,
                           token=token, manage=url_for("alerts.index"))


@bp.app_template_global()
def alert_url(source: str) -> str:
    """The page that saves the current search (or list filters) as an alert."""
    args = query_args()
    for name in ("page", "sort", "source"):
        args.pop(name, None)
    target = url_for("alerts.new", source=source, **args)
    if current_user.is_authenticated:
        return target
    return url_for("auth.sign_in", next=target)
