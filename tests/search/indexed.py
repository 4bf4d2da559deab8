"""What the app's search backend holds, read from the backend itself (not through search)."""

from flask import current_app
from sqlalchemy import text

from portal.extensions import db


def indexed() -> dict[str, str]:
    """Key ("<kind>:<id>") to title of every document the backend holds."""
    if current_app.config["SEARCH_BACKEND"] == "postgres":
        rows = db.session.execute(text("SELECT kind, object_id, title FROM search_document"))
        return {f"{kind}:{object_id}": title for kind, object_id, title in rows}
    from portal.search.whoosh.index import open_index

    with open_index().searcher() as searcher:
        return {fields["key"]: fields["title"] for fields in searcher.all_stored_fields()}


def indexed_keys() -> set[str]:
    return set(indexed())


def indexed_titles() -> set[str]:
    return set(indexed().values())
