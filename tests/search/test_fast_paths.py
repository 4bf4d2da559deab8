"""The fast paths give what Whoosh's own would: analysis, snippets and relevance scores."""

import os

import pytest
from markupsafe import Markup
from whoosh import index
from whoosh.fields import TEXT
from whoosh.highlight import ContextFragmenter, HtmlFormatter, highlight

from portal.search.whoosh import bulk, changes, query, scoring
from portal.search.whoosh.analysis import PortalAnalyzer
from portal.search.whoosh.index import ANALYZER, SCHEMA
from portal.search.whoosh.snippets import snippet
from tests.search.corpus import documents

TEXTS = [doc["body"] for _, _, doc in documents(60)] + [
    "", "the of and", "A running start: the runners ran, running!", "İstanbul İSTANBUL",
    "x " * 5 + "housing", "3.141 big-time under_score e.g. don't", "a" * 300 + " housing",
]

def _chain_positions(analyzer, text):
    found = {}
    for token in analyzer(text, positions=True):
        found.setdefault(token.text, []).append(token.pos)
    return found


@pytest.mark.parametrize("stemmed", [True, False])
def test_one_pass_analysis_gives_the_chains_words_and_positions(stemmed):
    analyzer = PortalAnalyzer(stemmed=stemmed)
    for text in TEXTS:
        assert analyzer.positions(text) == _chain_positions(analyzer, text), text[:40]


@pytest.mark.parametrize("name", ["title", "body", "words"])
def test_text_fields_index_exactly_as_whooshs_field_would(name):
    field = SCHEMA[name]
    for text in TEXTS:
        assert sorted(field.index(text)) == sorted(TEXT.index(field, text))


def test_plain_words_are_parsed_as_the_parser_would():
    words = [w.strip(".,") for text in TEXTS[:20] for w in text.split()[:15]] + [
        "the", "and", "AND", "OR", "NOT", "not", "x", "2009", "Running", "EMPLOYMENT", "a1"]
    queries = [" ".join(words[i:i + n]) for n in (1, 2, 3, 5) for i in range(0, len(words), 7)]
    queries += ["the of", "a", "care-leavers", '"housing support"', "housing AND support",
                "don't", "İstanbul"]
    direct = 0
    for text in queries:
        fast = query._plain_words(text)
        if fast is not None:
            direct += 1
            assert repr(fast) == repr(query._PARSER.parse(text).normalize()), text
    assert direct > len(queries) / 2  # most plain queries skip the parser


def _whoosh_snippet(text, words):
    formatter = HtmlFormatter(tagname="mark", classname="portal-search-match", between=" … ")
    return highlight(text, words, ANALYZER, ContextFragmenter(maxchars=240, surround=60),
                     formatter, top=2)


@pytest.mark.parametrize("words", [{"hous"}, {"support", "hous"}, {"the", "run"},
                                   {"istanbul", "café"}, {"aaaa"}, {"employ", "3.141"}])
def test_snippets_are_whooshs_highlights(words):
    long_text = " ".join(TEXTS[:40]) * 3 + " housing support at the very end"  # past 32K chars
    for text in [*TEXTS, long_text, "housing " + "a" * 250 + " housing"]:
        expected = _whoosh_snippet(text, frozenset(words))
        got = snippet(text, frozenset(words))
        if expected:
            assert got == Markup(expected), text[:60]
        else:
            assert "<mark" not in got


QUERIES = ["housing", "housing support", "employment training", "care OR probation",
           "running", "mental health services", "offenders accommodation tenancy"]


@pytest.fixture
def searcher(tmp_path, app):
    """Three bulk segments and one from Whoosh's writer, with some deleted documents (the
    app for the names of the tags)."""
    ix = index.create_in(str(tmp_path), SCHEMA)
    fields = [changes._fields(*triple) for triple in documents(400)]
    writer = ix.writer()
    bulk.commit(writer, bulk.build(writer, fields[:300], segment_docs=100), replace=False)
    with ix.writer() as writer:
        for document in fields[300:]:
            writer.add_document(**document)
        for n in range(5, 400, 37):
            writer.delete_by_term("key", fields[n]["key"])
    with ix.searcher() as opened:
        yield opened


@pytest.mark.parametrize("text", QUERIES)
def test_relevance_scores_are_whooshs(searcher, text):
    state = query._Cached(os.fspath("unused"), searcher)
    q = query._parse(text)
    docs = query._docset(q, state)
    expected = [(hit.docnum, hit.score) for hit in searcher.search(q, limit=20)]
    terms = scoring.terms(q)
    got = scoring.top([state.term_scores(f, t) for f, t in terms], docs, 20)
    assert [d for d, _ in got] == [d for d, _ in expected]
    assert [s for _, s in got] == pytest.approx([s for _, s in expected], rel=1e-9)
