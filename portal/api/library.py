"""GET /api/v1/library and /api/v1/library/<id>: published entries in the import format."""

from flask import jsonify, request, url_for

from portal.api import bp
from portal.api.paging import paged, require_choice
from portal.errors import NotFound
from portal.extensions import db
from portal.library import services
from portal.library.records import to_record
from portal.models import LibraryEntry
from portal.urls import api_paging


def _record(entry: LibraryEntry) -> dict:
    return {"id": entry.id, "url": url_for("library.detail", entry_id=entry.id, _external=True),
            **to_record(entry)}


@bp.route("/library")
def library_entries():
    page, per_page = api_paging(request.args, services.PAGE_SIZE)
    require_choice(request.args, "sort", services.SORTS)
    filters = services.EntryFilters([], [], [], [], [], sort=request.args.get("sort") or "newest",
                                    page=page)
    entries, total = services.published_entries(filters, per_page=per_page)
    return paged([_record(entry) for entry in entries], total=total, page=page,
                 per_page=per_page)


@bp.route("/library/<int:entry_id>")
def library_entry(entry_id):
    entry = db.session.get(LibraryEntry, entry_id)
    if entry is None or not entry.is_published:
        raise NotFound()
    return jsonify(_record(entry))
