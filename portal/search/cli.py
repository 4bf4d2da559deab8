"""`flask search sync` and `flask search reindex`."""

import click
from flask.cli import AppGroup

from portal import search

search_cli = AppGroup("search", help="Keep the search index in step with the database.")


@search_cli.command("sync")
def sync() -> None:
    """Apply changes a crashed or busy process left unindexed (or rebuild an empty index)."""
    applied = search.sync(processes=search.processes_for(search.public_count()))
    click.echo(f"Search index up to date ({applied} changes applied).")


@search_cli.command("reindex")
def reindex() -> None:
    """Rebuild the whole index from the database (on several cores when it is large)."""
    total = search.public_count()
    with click.progressbar(length=total, label="Indexing") as bar:
        count = search.reindex(progress=bar.update, processes=search.processes_for(total))
    click.echo(f"Indexed {count} documents.")
