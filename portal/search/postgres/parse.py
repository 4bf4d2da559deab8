"""The search page's query language, read into a tree any backend could compile.

Words are ANDed; "quoted phrases" match the words together; AND, OR and NOT (in capitals),
-word and parentheses mean what they say. Indicator codes in any spelling are marked
first (`codes.normalise`) and become one leaf. Nothing a user types is an error: an
operator with nothing to work on is dropped, a missing closing parenthesis is supplied,
an unclosed quote leaves its words as words.
"""

import re
from dataclasses import dataclass

from portal.search.codes import MARKER, normalise

_TOKEN = re.compile(r'"[^"]*"|[()]|[^\s()"]+')
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT"}


@dataclass(frozen=True)
class Leaf:
    kind: str  # "word", "phrase" or "code"
    text: str  # the word or phrase as typed; the indicator number for a code


@dataclass(frozen=True)
class Node:
    op: str  # "and", "or" or "not"
    children: tuple


def parse(text: str) -> Leaf | Node | None:
    """The query tree of a search (None when it has no words)."""
    tokens = _TOKEN.findall(normalise(text))
    parser = _Parser(tokens)
    tree = parser.any_of()
    while parser.more():  # a stray ")": read on
        parser.take()
        tree = _join("and", [tree, parser.any_of()])
    return tree


_PLAIN = re.compile(r"[A-Za-z0-9 ]+")  # words and spaces only: no quotes, symbols or hyphens
_LOWER_OPERATORS = {"and", "or", "not", "andnot", "andmaybe"}


def loose_words(text: str) -> list[Leaf] | None:
    """The words of a search of plain words (no quotes, operators or punctuation), which the
    search page reads loosely: any of them matches, and documents with all of them come
    first. None for anything else: phrases and operators are strict. (The Whoosh backend
    draws the same line.)"""
    marked = normalise(text)
    if not _PLAIN.fullmatch(marked):
        return None
    words = marked.split()
    if len(words) < 2 or any(word.lower() in _LOWER_OPERATORS for word in words):
        return None
    return [_word(word) for word in words]


def leaves(tree) -> list[Leaf]:
    if tree is None:
        return []
    if isinstance(tree, Leaf):
        return [tree]
    return [leaf for child in tree.children for leaf in leaves(child)]


def _join(op: str, parts: list):
    parts = [part for part in parts if part is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else Node(op, tuple(parts))


class _Parser:
    def __init__(self, tokens: list[str]):
        self.tokens = tokens
        self.at = 0

    def more(self) -> bool:
        return self.at < len(self.tokens)

    def peek(self) -> str | None:
        return self.tokens[self.at] if self.more() else None

    def take(self) -> str:
        self.at += 1
        return self.tokens[self.at - 1]

    def any_of(self):
        parts = [self.all_of()]
        while self.peek() == "OR":
            self.take()
            parts.append(self.all_of())
        return _join("or", parts)

    def all_of(self):
        parts = []
        while self.more() and self.peek() not in (")", "OR"):
            token = self.peek()
            if token == "AND":
                self.take()
                continue
            if token == "ANDNOT":
                self.take()
                parts.append(_negate(self.one()))
                continue
            parts.append(self.one())
        return _join("and", parts)

    def one(self):
        if not self.more():
            return None
        token = self.take()
        if token == "NOT":
            return _negate(self.one())
        if token == "(":
            inner = self.any_of()
            if self.peek() == ")":
                self.take()
            return inner
        if token in (")", "OR", "AND", "ANDNOT"):
            return None
        if token.startswith('"'):
            return Leaf("phrase", token[1:-1]) if len(token) > 1 else None
        if token.startswith("-") and len(token) > 1:
            return _negate(_word(token[1:]))
        return _word(token.lstrip("+"))


def _negate(tree):
    return None if tree is None else Node("not", (tree,))


def _word(token: str) -> Leaf | None:
    if not token:
        return None
    code = MARKER.fullmatch(token)
    return Leaf("code", code.group(1)) if code else Leaf("word", token)
