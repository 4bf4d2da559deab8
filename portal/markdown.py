"""Markdown written by users (specifications, library entries' service), rendered to
sanitised HTML."""

import functools
import re

from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre", "hr",
    "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td",
}


@functools.cache
def _parser():
    """Loaded when a page first renders Markdown: indexing and commands need only `plain`.
    Raw HTML in the source is shown as text; nh3 then removes anything unsafe that Markdown
    itself produced (javascript: links, for example)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def render(text: str | None) -> Markup:
    html = _parser().render(text or "")
    # Headings in user text sit below the page's own h1.
    return _clean(html.replace("<h1>", "<h2>").replace("</h1>", "</h2>"))


def render_inline(text: str | None) -> Markup:
    """One line of Markdown (code, emphasis, links) without a paragraph around it: for a
    table cell or a list item."""
    return _clean(_parser().renderInline(text or ""))


def _clean(html: str) -> Markup:
    import nh3

    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(cleaned)


def plain(text: str | None) -> str:
    """Markdown without its markup (heading marks, list bullets, emphasis), for search
    documents and snippets, which show text, never HTML."""
    # Marks at the start of a line, then emphasis and code marks anywhere: the same text as
    # one pattern for both, which searched every character in Python's regex engine (a tenth
    # of a millisecond an entry: a second an import of 10,000).
    return _LINE_MARKS.sub("", text or "").translate(_INLINE_MARKS)


_LINE_MARKS = re.compile(r"^[#>*\-\s]+", re.MULTILINE)
_INLINE_MARKS = str.maketrans("", "", "*_`")
