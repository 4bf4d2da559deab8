"""`flask search sync` and `flask search reindex`."""

import click
from flask.cli import AppGroup

search_cli = AppGroup("search", help="Keep the search index in step with the database.")


@search_cli.command("sync")
def sync() -> None:
    """Apply changes a crashed or busy process left unindexed (or rebuild an empty index)."""
    from portal.search.changes import sync as catch_up

    click.echo(f"Search index up to date ({catch_up()} changes applied).")


@search_cli.command("reindex")
def reindex() -> None:
    """Rebuild the whole index from the database."""
    from portal.search.changes import public_count
    from portal.search.changes import reindex as rebuild

    with click.progressbar(length=public_count(), label="Indexing") as bar:
        count = rebuild(progress=bar.update)
    click.echo(f"Indexed {count} documents.")
