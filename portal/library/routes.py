"""Practice library pages: the public list and entries, contribution, moderation."""

import re

from flask import flash, render_template, request, url_for
from flask_login import current_user, login_required

from portal import clock, permissions
from portal.errors import PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.library import bp, downloads, services
from portal.library.forms import EntryForm, FilterForm, ModerationForm
from portal.library.records import to_record
from portal.models import EVIDENCE_SCALE
from portal.views import apply_errors, csv_download, download_args, see_other, submit_form

_IMPACT_KEY = re.compile(r"impacts\[(\d+)\]\.(\w+)")
_LIST_KEY = re.compile(r"(\w+)\[\d+\]")


def _show_errors(form: EntryForm, error: ValidationFailed) -> None:
    """Put the rulebook's errors (keyed like `impacts[0].cohort`) against the form's fields."""
    filled = [row for row in form.impacts if not row.form.is_blank()]
    plain = {}
    for key, message in error.errors.items():
        impact = _IMPACT_KEY.fullmatch(key)
        if impact and int(impact.group(1)) < len(filled):
            field = getattr(filled[int(impact.group(1))].form, impact.group(2), None)
            if field is not None:
                text = f"Impact {int(impact.group(1)) + 1}, {field.label.text}: {message}"
                field.errors = [*field.errors, text]
                form.form_errors.append(text)
                continue
        name = _LIST_KEY.sub(r"\1", key)
        label = getattr(getattr(form, name, None), "label", None)
        text = f"{label.text}: {message}" if label else message
        text = text[0].upper() + text[1:]
        plain[name] = f"{plain[name]}. {text}" if name in plain else text
    apply_errors(form, ValidationFailed(plain))


def _moderation_form(entry) -> ModerationForm:
    form = ModerationForm()
    allowed = services.ALLOWED_DECISIONS[entry.status]
    form.decision.choices = [c for c in form.decision.choices if c.value in allowed]
    return form


def _filters(form: FilterForm) -> services.EntryFilters:
    """The list's filters from its form; a value the form refused (an unknown code, say)
    filters nothing."""
    form.validate()

    def chosen(field):
        return None if field.errors else field.data

    return services.EntryFilters(
        client_group=chosen(form.client_group) or [], outcome=chosen(form.outcome) or [],
        indicator=chosen(form.indicator) or [], region=chosen(form.region) or [],
        evidence=[int(v) for v in chosen(form.evidence) or []],
        cost_min=chosen(form.cost_min), cost_max=chosen(form.cost_max),
        sort=form.sort.data if form.sort.data in services.SORTS else "newest",
        page=chosen(form.page) or 1,
    )


@bp.route("/")
def index():
    form = FilterForm(request.args)
    filters = _filters(form)
    entries, total = services.published_entries(filters)
    return render_template("library/index.html", form=form, entries=entries, total=total,
                           filters=filters, page_size=services.PAGE_SIZE,
                           csv_url=url_for("library.download", **download_args()))


@bp.route("/download.csv")
def download():
    """Every published entry the list shows with the same filters, as a spreadsheet."""
    entries = services.every_published_entry(_filters(FilterForm(request.args)))
    return csv_download(f"practice-library-{clock.uk_today().isoformat()}.csv",
                        downloads.HEADER, downloads.rows(entries))


@bp.route("/evidence")
def evidence():
    return render_template("library/evidence.html", scale=EVIDENCE_SCALE)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    if not permissions.can_contribute_library_entry(current_user):
        raise PermissionDenied()
    form = EntryForm()
    return submit_form(
        form, "library/form.html",
        lambda: services.contribute(form.to_record(), actor=current_user),
        then=lambda entry: url_for("library.detail", entry_id=entry.id),
        message="Thank you. An admin will check your entry before it is published.",
        show_errors=_show_errors, entry=None)


@bp.route("/<int:entry_id>")
def detail(entry_id):
    entry = services.get_entry(entry_id, actor=current_user)
    return render_template(
        "library/detail.html", entry=entry, related=services.related_entries(entry),
        form=_moderation_form(entry) if permissions.can_moderate_library_entry(current_user, entry)
        else None,
    )


@bp.route("/<int:entry_id>/edit", methods=["GET", "POST"])
@login_required
def edit(entry_id):
    entry = services.get_entry(entry_id, actor=current_user)
    if not permissions.can_edit_library_entry(current_user, entry):
        raise PermissionDenied()
    form = EntryForm()
    if not form.is_submitted():
        form.fill_from(to_record(entry))
    return submit_form(
        form, "library/form.html",
        lambda: services.update_entry(entry, form.to_record(), actor=current_user),
        then=url_for("library.detail", entry_id=entry.id), message="Your changes are saved.",
        show_errors=_show_errors, entry=entry)


@bp.route("/<int:entry_id>/moderate", methods=["POST"])
@login_required
def moderate(entry_id):
    entry = services.get_entry(entry_id, actor=current_user)
    if not permissions.can_moderate_library_entry(current_user, entry):
        raise PermissionDenied()
    form = _moderation_form(entry)
    return submit_form(
        form, lambda: render_template("library/detail.html", entry=entry, form=form,
                                      related=services.related_entries(entry)),
        lambda: services.moderate(entry, form.decision.data, form.reason.data,
                                  actor=current_user),
        then=url_for("library.detail", entry_id=entry.id),
        message=lambda _: f"The entry is now {entry.status}.")


@bp.route("/<int:entry_id>/delete", methods=["POST"])
@login_required
def delete(entry_id):
    entry = services.get_entry(entry_id, actor=current_user)
    services.delete_entry(entry, actor=current_user)
    db.session.commit()
    flash("The entry is deleted.", "success")
    return see_other("library.index")


@bp.route("/moderation")
@login_required
def moderation():
    entries = services.waiting_for_moderation(actor=current_user)
    return render_template("library/moderation.html", entries=entries)


@bp.route("/yours")
@login_required
def yours():
    return render_template("library/yours.html", entries=services.entries_by(current_user))
