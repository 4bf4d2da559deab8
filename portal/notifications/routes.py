"""Each person's notifications: the same events as their email, read or unread."""

from flask import redirect, render_template, request
from flask_login import current_user, login_required

from portal.extensions import db
from portal.notifications import bp, events
from portal.urls import page_number
from portal.views import see_other


@bp.route("/")
@login_required
def index():
    page = page_number(request.args)
    notifications, total = events.page_of(current_user, page)
    return render_template("notifications/index.html", notifications=notifications,
                           total=total, page=page, pages=max(1, -(-total // events.PER_PAGE)))


@bp.route("/<int:notification_id>")
@login_required
def open_one(notification_id):
    """Mark it read and go where it points (always a path on this site)."""
    notification = events.get_own(notification_id, actor=current_user)
    events.mark_read(notification)
    db.session.commit()
    target = notification.link
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    return redirect(target)


@bp.route("/read", methods=["POST"])
@login_required
def read_all():
    events.mark_all_read(current_user)
    db.session.commit()
    return see_other("notifications.index")
