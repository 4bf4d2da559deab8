"""`flask indicators import FILE.csv` and `flask indicators export FILE.csv`."""

import click
from flask.cli import AppGroup

from portal.commands import import_all_or_nothing

indicators_cli = AppGroup("indicators", help="Move indicator values in and out as CSV.")


@indicators_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_file(path: str) -> None:
    """Check every row of a CSV file, then store all of its values (or none)."""
    from portal.areas.services import import_values

    with open(path, encoding="utf-8-sig", newline="") as handle:
        lines = handle.readlines()
    count = import_all_or_nothing(import_values, lines, path=path,
                                  length=max(len(lines) - 1, 0), label="Checking",
                                  problems="bad rows")
    click.echo(f"Imported {count} indicator values.")


@indicators_cli.command("export")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@click.option("--indicator", help="Only this indicator, like 'NI 148'.")
def export_file(path: str, indicator: str | None) -> None:
    """Write every stored indicator value to a CSV file, in the import format."""
    from portal.areas.places import indicator_code
    from portal.areas.services import export_rows, write_csv

    code = None
    if indicator:
        code = indicator_code(indicator)
        if code is None:
            raise click.BadParameter("use NI 143 to NI 150", param_hint="--indicator")
    with open(path, "w", encoding="utf-8", newline="") as handle:
        count = write_csv(handle, export_rows(code))
    click.echo(f"Exported {count} indicator values to {path}.")
