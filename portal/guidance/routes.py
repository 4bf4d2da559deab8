"""Guidance pages: the public index and pages; the staff pages that write, publish and
withdraw them and show their history."""

from flask import render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from portal import permissions
from portal.errors import PermissionDenied
from portal.extensions import db
from portal.forms import choice_list
from portal.guidance import bp, services
from portal.guidance.forms import PageForm, PublishForm
from portal.models import AUDIENCES, SocialClauseType
from portal.views import attempt, flash_outcome, see_other, submit_form


@bp.route("/")
def index():
    return render_template("guidance/index.html", groups=services.by_audience(),
                           audiences=AUDIENCES)


@bp.route("/manage")
@login_required
def manage():
    return render_template("guidance/manage.html", pages=services.every_page(actor=current_user))


def _page_form() -> PageForm:
    form = PageForm()
    types = db.session.scalars(select(SocialClauseType).where(SocialClauseType.active.is_(True))
                               .order_by(SocialClauseType.position, SocialClauseType.name))
    form.clause_type_code.choices = choice_list(
        [("", "Not about a social clause")] + [(t.code, t.name) for t in types])
    return form


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    if not permissions.can_edit_guidance(current_user):
        raise PermissionDenied()
    form = _page_form()
    return submit_form(
        form, "guidance/form.html",
        lambda: services.create_page(form.to_content(), actor=current_user),
        then=lambda page: url_for("guidance.page", slug=page.slug),
        message="The draft is saved. Publish it when it is ready.", page=None)


@bp.route("/<slug>")
def page(slug):
    shown = services.get_page(slug, actor=current_user)
    content = shown.current if shown.is_published else shown
    return render_template("guidance/page.html", page=shown, content=content,
                           model_clause_types=_clause_type_names())


def _clause_type_names() -> dict[str, str]:
    return dict(db.session.execute(select(SocialClauseType.code, SocialClauseType.name)).all())


def _staff_page(slug):
    shown = services.get_page(slug, actor=current_user)
    if not permissions.can_edit_guidance(current_user):
        raise PermissionDenied()
    return shown


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug):
    shown = _staff_page(slug)
    form = _page_form()
    if not form.is_submitted():
        form.fill_from(shown)
    return submit_form(
        form, "guidance/form.html",
        lambda: services.update_page(shown, form.to_content(), actor=current_user),
        then=url_for("guidance.publish", slug=shown.slug),
        message="Your changes are saved as a draft. The public see them once you publish.",
        page=shown)


@bp.route("/<slug>/publish", methods=["GET", "POST"])
@login_required
def publish(slug):
    shown = _staff_page(slug)
    form = PublishForm()
    return submit_form(
        form, "guidance/publish.html",
        lambda: services.publish(shown, reviewed_on=form.reviewed,
                                 change_note=form.change_note.data, actor=current_user),
        then=url_for("guidance.page", slug=shown.slug),
        message=lambda version: f"Version {version.number} is published.",
        page=shown, model_clause_types=_clause_type_names())


@bp.route("/<slug>/withdraw", methods=["POST"])
@login_required
def withdraw(slug):
    shown = _staff_page(slug)  # CSRFProtect has checked the token already
    flash_outcome(attempt(lambda: services.withdraw(shown, actor=current_user)),
                  "The page is withdrawn. Only staff can see it now.")
    return see_other("guidance.page", slug=shown.slug)


@bp.route("/<slug>/history")
@login_required
def history(slug):
    shown = services.get_page(slug, actor=current_user)
    if not permissions.can_read_guidance_history(current_user):
        raise PermissionDenied()
    return render_template("guidance/history.html", page=shown)


@bp.route("/<slug>/versions/<int:number>")
@login_required
def version(slug, number):
    shown = services.get_page(slug, actor=current_user)
    old = services.get_version(shown, number, actor=current_user)
    return render_template("guidance/page.html", page=shown, content=old, version=old,
                           model_clause_types=_clause_type_names())
