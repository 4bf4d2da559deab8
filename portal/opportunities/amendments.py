"""What an amendment changed: the difference between the full before and after of each field.

An amendment stores each changed field's whole text before and after (`Amendment.changes`).
The public page shows the difference in full: changed lines, with the words removed and
added marked, and the unchanged lines counted between them. The email says in words which
fields changed and links to the page. Lines are compared first, then the words of a line that
changed (Python's difflib, both times).
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from difflib import SequenceMatcher

from portal.clock import uk_time
from portal.templating import money

# A word, a run of spaces, or one other character: what a changed line is compared by.
TOKENS = re.compile(r"\w+|\s+|[^\w\s]")
WORDS = re.compile(r"\w+")
# Share of words two lines must have in common to be one changed line, not a removal and an
# addition.
ALIKE = 0.5
# Fields short enough for the email to give their old and new values.
SHORT_FIELDS = {"title", "value_min", "value_max", "duration_months", "questions_close_at",
                "closes_at"}


def show_value(field_name: str, value) -> str:
    """A field's value as the amendment records it."""
    if value is None or value == "":
        return "not set"
    if isinstance(value, datetime):
        return uk_time(value)
    if field_name.startswith("value_"):
        return money(value)
    return str(value)


@dataclass
class Segment:
    kind: str  # "same", "removed" or "added"
    text: str


@dataclass
class Line:
    """One line of the difference: `changed`, `added` or `removed` (numbered in the text it is
    in: the new one, or the old one for a removed line), a `gap` of `count` unchanged lines, or
    `spacing` when only blank lines came or went."""

    kind: str
    number: int = 0
    segments: list[Segment] = field(default_factory=list)
    count: int = 0

    @property
    def text(self) -> str:
        return "".join(segment.text for segment in self.segments)


@dataclass
class Comparison:
    field: str
    label: str
    before: str
    after: str
    lines: list[Line]
    multiline: bool

    def counted(self, kind: str) -> int:
        return sum(1 for line in self.lines if line.kind == kind)

    def in_words(self) -> str:
        """For the email: the field, and its old and new values when they are short."""
        if self.field == "attachments":
            return f"{self.label}: {self.after}"
        if self.field in SHORT_FIELDS:
            quote = '"' if self.field == "title" else ""
            return (f"{self.label}: changed from {quote}{self.before}{quote} "
                    f"to {quote}{self.after}{quote}")
        parts = [f"{n} line{'s' if n != 1 else ''} {kind}"
                 for kind in ("changed", "added", "removed") if (n := self.counted(kind))]
        return f"{self.label}: {', '.join(parts) or 'only blank lines changed'}"


def _words(before: str, after: str) -> list[Segment]:
    old, new = TOKENS.findall(before), TOKENS.findall(after)
    segments = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(Segment("same", "".join(old[i1:i2])))
            continue
        if i1 < i2:
            segments.append(Segment("removed", "".join(old[i1:i2])))
        if j1 < j2:
            segments.append(Segment("added", "".join(new[j1:j2])))
    return segments


def _alike(before: str, after: str) -> bool:
    """Two lines are one changed line when at least ALIKE of the shorter one's words stayed."""
    old, new = WORDS.findall(before.lower()), WORDS.findall(after.lower())
    if not old or not new:
        return False
    kept = sum(block.size for block in
               SequenceMatcher(None, old, new, autojunk=False).get_matching_blocks())
    return kept / min(len(old), len(new)) >= ALIKE


def _replaced(old: list[str], new: list[str], i: int, j: int) -> list[Line]:
    """A block of lines replaced by another. Alike lines, pair by pair, are changed lines; the
    others are shown removed, then added, in runs between the changed ones."""
    lines, removed, added = [], [], []
    for n in range(max(len(old), len(new))):
        before = old[n] if n < len(old) else None
        after = new[n] if n < len(new) else None
        if before is not None and after is not None and _alike(before, after):
            lines += removed + added
            removed, added = [], []
            lines.append(Line("changed", j + n + 1, _words(before, after)))
            continue
        if before is not None and before.strip():  # a blank line is not worth showing
            removed.append(Line("removed", i + n + 1, [Segment("removed", before)]))
        if after is not None and after.strip():
            added.append(Line("added", j + n + 1, [Segment("added", after)]))
    return lines + removed + added


def compare(change: dict) -> Comparison:
    """The difference one recorded change made, line by line, in full."""
    before, after = change.get("before") or "", change.get("after") or ""
    old, new = before.splitlines(), after.splitlines()
    if len(old) == 1 and len(new) == 1:  # a value, a title, a date: one changed line
        lines = [Line("changed", 1, _words(before, after))]
    else:
        lines = []
        matcher = SequenceMatcher(None, old, new, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                lines.append(Line("gap", j1 + 1, count=i2 - i1))
            else:
                lines.extend(_replaced(old[i1:i2], new[j1:j2], i1, j1))
    if all(line.kind == "gap" for line in lines):  # only blank lines came or went
        lines = [Line("spacing")]
    return Comparison(change["field"], change["label"], before, after, lines,
                      multiline=max(len(old), len(new)) > 1)
