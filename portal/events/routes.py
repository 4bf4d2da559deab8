"""Event pages: the public list and each event with its registration; the organisers' pages
that write, publish and cancel events and download who is coming; the emailed links that
confirm and cancel a place; calendar files."""

from flask import Response, abort, render_template, request, url_for
from flask_login import current_user, login_required

from portal import permissions, reference
from portal.errors import PermissionDenied
from portal.events import bp, calendar, registrations, services
from portal.events.forms import EventForm, GuestForm
from portal.models import EVENT_AUDIENCES, EVENT_KINDS, Event
from portal.views import attempt, csv_download, flash_outcome, see_other, submit_form


def _choice(name: str, allowed) -> str | None:
    value = request.args.get(name) or None
    return value if value in allowed else None


@bp.route("/")
def index():
    chosen = {"region": _choice("region", reference.names("regions")),
              "audience": _choice("audience", EVENT_AUDIENCES),
              "kind": _choice("kind", EVENT_KINDS)}
    upcoming = services.upcoming(**chosen)
    by_region = {region.code: [e for e in upcoming if e.region_code == region.code]
                 for region in reference.regions()}
    return render_template("events/index.html", by_region=by_region, past=services.past(**chosen),
                           chosen=chosen, regions=reference.regions(), kinds=EVENT_KINDS,
                           audiences=EVENT_AUDIENCES, count=len(upcoming))


@bp.route("/manage")
@login_required
def manage():
    if not permissions.can_organise_events(current_user):
        raise PermissionDenied()
    return render_template("events/manage.html", events=services.managed_by(current_user))


def _form() -> EventForm:
    return EventForm(opportunities=services.opportunities_for(current_user))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    if not permissions.can_organise_events(current_user):
        raise PermissionDenied()
    form = _form()
    if not form.is_submitted():
        form.region_code.data = permissions.commissioner_region(current_user) or ""
        form.opportunity_id.data = request.args.get("opportunity", "")
    return submit_form(
        form, "events/form.html",
        lambda: services.create_event(form.to_details(), actor=current_user),
        then=lambda event: url_for("events.detail", event_id=event.id),
        message="The event is saved as a draft. Publish it when it is ready.", event=None)


@bp.route("/<int:event_id>")
def detail(event_id):
    event = services.get_event(event_id, actor=current_user)
    return _detail_page(event, GuestForm())


def _detail_page(event: Event, guest_form: GuestForm | None):
    return render_template(
        "events/detail.html", event=event, guest_form=guest_form,
        region=reference.find("regions", event.region_code),
        mine=registrations.of_user(event, current_user),
        can_register=permissions.can_register_for(event),
        can_manage=permissions.can_manage_event(current_user, event))


def _managed(event_id: int) -> Event:
    event = services.get_event(event_id, actor=current_user)
    if not permissions.can_manage_event(current_user, event):
        raise PermissionDenied()
    return event


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit(event_id):
    event = _managed(event_id)
    form = _form()
    if not form.is_submitted():
        form.fill_from(event)
    return submit_form(
        form, "events/form.html",
        lambda: services.update_event(event, form.to_details(), actor=current_user),
        then=url_for("events.detail", event_id=event.id), message="The event is saved.",
        event=event)


def _organisers_button(event_id: int, action, message: str):
    """A button on the event page for its organisers: do it, say how it went, go back."""
    event = _managed(event_id)  # CSRFProtect has checked the token already
    flash_outcome(attempt(lambda: action(event, actor=current_user)), message)
    return see_other("events.detail", event_id=event.id)


@bp.route("/<int:event_id>/publish", methods=["POST"])
@login_required
def publish(event_id):
    return _organisers_button(event_id, services.publish_event, "The event is published.")


@bp.route("/<int:event_id>/cancel", methods=["POST"])
@login_required
def cancel(event_id):
    return _organisers_button(event_id, services.cancel_event,
                              "The event is cancelled. Everyone with a place has been emailed.")


@bp.route("/<int:event_id>/register", methods=["POST"])
def register(event_id):
    event = services.get_event(event_id, actor=current_user)
    if current_user.is_authenticated:
        flash_outcome(attempt(lambda: registrations.register(event, actor=current_user)),
                      "You are registered. We have emailed you the details.")
        return see_other("events.detail", event_id=event.id)
    form = GuestForm()
    return submit_form(
        form, lambda: _detail_page(event, form),
        lambda: registrations.register_guest(event, form.name.data, form.email.data),
        then=url_for("events.detail", event_id=event.id),
        message="Check your email: follow the link in it within 24 hours to confirm your place.")


@bp.route("/places/<token>/confirm", methods=["GET", "POST"])
def confirm_place(token):
    registration = registrations.by_confirm_token(token)
    if request.method == "POST":  # CSRFProtect has checked the token already
        flash_outcome(attempt(lambda: registrations.confirm_guest(registration)),
                      "Thank you: your registration is confirmed.")
        return see_other("events.detail", event_id=registration.event_id)
    return render_template("events/confirm.html", registration=registration)


@bp.route("/places/<token>/cancel", methods=["GET", "POST"])
def cancel_place(token):
    registration = registrations.by_cancel_token(token)
    if request.method == "POST":
        flash_outcome(attempt(lambda: registrations.cancel_place(registration)),
                      "Your place is cancelled.")
        return see_other("events.detail", event_id=registration.event_id)
    return render_template("events/cancel_place.html", registration=registration)


@bp.route("/<int:event_id>/attendees.csv")
@login_required
def attendees(event_id):
    event = _managed(event_id)
    people = registrations.attendees(event, actor=current_user)
    return csv_download(f"event-{event.id}-attendees.csv",
                        ["name", "email", "status", "since"],
                        ([p.name, p.email, p.status, p.queued_at.isoformat()] for p in people))


def _calendar_file(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    return response


@bp.route("/<int:event_id>.ics")
def ics(event_id):
    event = services.get_event(event_id, actor=current_user)
    return _calendar_file(calendar.event_file(event), f"event-{event.id}.ics")


@bp.route("/region/<code>.ics")
def region_feed(code):
    region = reference.find("regions", code)
    if region is None:
        abort(404)
    events = services.upcoming(region=code) + services.past(region=code)
    return _calendar_file(calendar.region_feed(region.name, events), f"events-{code}.ics")

