"""`flask search sync` and `flask search reindex`."""

import click
from flask.cli import AppGroup

search_cli = AppGroup("search", help="Keep the search index in step with the database.")


@search_cli.command("sync")
def sync() -> None:
    """Apply changes a crashed or busy process left unindexed (or rebuild an empty index)."""
    from portal.search.bulk import processes_for
    from portal.search.changes import public_count
    from portal.search.changes import sync as catch_up

    applied = catch_up(processes=processes_for(public_count()))
    click.echo(f"Search index up to date ({applied} changes applied).")


@search_cli.command("reindex")
def reindex() -> None:
    """Rebuild the whole index from the database (on several cores when it is large)."""
    from portal.search.bulk import processes_for
    from portal.search.changes import public_count
    from portal.search.changes import reindex as rebuild

    total = public_count()
    with click.progressbar(length=total, label="Indexing") as bar:
        count = rebuild(progress=bar.update, processes=processes_for(total))
    click.echo(f"Indexed {count} documents.")
