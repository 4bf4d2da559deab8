"""Reading the data tables that follow each chart, as a person with a screen reader would."""

from html.parser import HTMLParser


class _ChartTables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table = self._row = self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "data-chart" in attrs:
            self._table = self.tables.setdefault(attrs["data-chart"], [])
        elif self._table is not None and tag == "tr":
            self._row = []
        elif self._row is not None and tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif tag == "tr" and self._row is not None:
            self._table.append(self._row)
            self._row = None
        elif tag in ("th", "td") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def chart_tables(html: str) -> dict[str, list[list[str]]]:
    """Every chart's data table by chart id: a list of rows, the header row first."""
    parser = _ChartTables()
    parser.feed(html)
    return parser.tables


def chart_ids(html: str) -> list[str]:
    """The ids of the SVG charts on the page (each a div wrapping an svg and its table)."""
    import re

    return re.findall(r'<div class="portal-chart" id="([^"]+)">', html)
