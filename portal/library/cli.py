"""`flask library import FILE.jsonl` and `flask library export FILE.jsonl`."""

import json

import click
from flask.cli import AppGroup

from portal.commands import import_all_or_nothing

library_cli = AppGroup("library", help="Move practice library entries in and out in bulk.")


@library_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_file(path: str) -> None:
    """Check every line of a JSON Lines file, then store all of its entries (or none): a line
    with the identifier of an entry already here updates it; the others are published."""
    from portal.library.services import import_entries

    with open(path, encoding="utf-8") as handle:
        lines = handle.readlines()
    result = import_all_or_nothing(import_entries, lines, path=path, length=len(lines),
                                   label="Importing", problems="problems")
    click.echo(str(result))


@library_cli.command("export")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def export_file(path: str) -> None:
    """Write every published entry to a JSON Lines file."""
    from portal.library.services import export_records

    count = 0
    with open(path, "w", encoding="utf-8") as handle:
        for record in export_records():
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    click.echo(f"Exported {count} entries to {path}.")
