"""Building many documents at once: a rebuild, a first build, the benchmark.

Whoosh's writer puts every posting (one per distinct word, per field, per document: about
400 a document here) through a sorting pool as a tuple, and at commit reads each
document's field length back from disk once per posting. `SegmentBuilder` writes the
same segment files through Whoosh's own codec, but keeps each term's postings in lists
in memory and writes them block by block at the end, with the lengths it already knows.
The segment it writes is an ordinary Whoosh segment; later changes go through Whoosh's
writer as usual. A test checks that a bulk build answers every query as documents added
one at a time do.

`build()` cuts the documents into consecutive chunks, one segment each, dealt to worker
processes in turn; the caller commits all the segments at once, in the documents' order,
while holding the index lock (so no other writer can clean up a segment being written).
Worker processes are only for the command line and the benchmark (`processes > 1`): a
web request rebuilding an empty index does it in its own process.
"""

import multiprocessing
import os
import queue
import threading
import traceback
import zlib
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sized
from itertools import chain, islice
from operator import sub
from pickle import dumps

from whoosh import index
from whoosh.codec import default_codec
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3PostingsWriter
from whoosh.util.numeric import byte_to_length, length_to_byte

from portal.search.whoosh.analysis import remembered

SEGMENT_DOCS = 25_000  # at most this many documents a segment (bounds a worker's memory)
BATCH = 250  # documents sent to a worker at a time
PARALLEL_FROM = 5_000  # fewer documents than this are not worth starting processes for
WORKER_TIMEOUT = 600  # seconds without news from the workers before giving up


class SegmentBuilder:
    """Writes one new segment of an index from whole documents (fields as for add_document)."""

    def __init__(self, ix):
        self.storage, self.schema = ix.storage, ix.schema
        self.codec = codec = default_codec()
        self.segment = codec.new_segment(ix.storage, ix.indexname)
        self.perdoc = codec.per_document_writer(ix.storage, self.segment)
        self.doc_count = 0
        # field -> term -> [(docnum, weight, encoded value)], in document order
        self._postings: dict[str, defaultdict] = {}
        self._lengths: dict[str, array] = {}

    def add(self, fields: dict) -> None:
        schema, perdoc, docnum = self.schema, self.perdoc, self.doc_count
        tokens_of = remembered({})  # the title and body are read for several fields
        perdoc.start_doc(docnum)
        for name in sorted(fields):
            value = fields[name]
            if value is None or name.startswith("_"):
                continue
            field = schema[name]
            length = 0
            if field.indexed:
                terms = self._postings.get(name)
                if terms is None:
                    terms = self._postings[name] = defaultdict(list)
                into = getattr(field, "postings_into", None)
                found = into(value, terms, docnum, tokens_of) if into else None
                if found is not None:  # PortalText: straight from the analyser, keyed by str
                    length = found
                else:
                    for btext, freq, weight, vbytes in field.index(value):
                        terms[btext].append((docnum, weight, vbytes))
                        length += freq
                if field.scorable:
                    lengths = self._lengths.setdefault(name, array("I"))
                    lengths.extend([0] * (docnum - len(lengths)))
                    lengths.append(length)
                else:
                    length = 0
            perdoc.add_field(name, field, value if field.stored else None, length)
            column = field.column_type
            if column:
                perdoc.add_column_value(name, column, field.to_column_value(value))
        perdoc.finish_doc()
        self.doc_count += 1

    def finish(self):
        """Write the postings and close the segment; return it (not yet in the index)."""
        self.perdoc.close()
        codec = self.codec
        writer = codec.field_writer(self.storage, self.segment)
        for name in sorted(self._postings):
            writer.start_field(name, self.schema[name])
            writer._postwriter = _Postings(writer._postfile, blocklimit=codec._blocklimit,
                                           compression=codec._compression,
                                           inlinelimit=codec._inlinelimit)
            lengths = _quantised(self._lengths.get(name), self.doc_count)
            terms = self._postings.pop(name)
            # str keys (text fields) sort as their UTF-8 bytes do: by code point
            for term in sorted(terms):
                btext = term.encode("utf-8") if isinstance(term, str) else term
                writer.start_term(btext)  # starts the term's posting list
                _fill_blocks(writer._postwriter, terms[term], lengths)
                writer.finish_term()  # writes the last block and the term's entry
            writer.finish_field()
        writer.close()
        self.segment.set_doc_count(self.doc_count)
        if self.segment.should_assemble():
            self.segment.create_compound_file(self.storage)
        return self.segment

    def cancel(self) -> None:
        if not self.perdoc.is_closed:
            self.perdoc.close()


def _quantised(lengths: array | None, doc_count: int) -> list[int] | None:
    """Field lengths as Whoosh reads them back (it stores each in one byte), for every
    document (0 where the field is empty)."""
    if lengths is None:
        return None
    table: dict[int, int] = {}
    out = []
    for length in lengths:
        if length not in table:
            table[length] = byte_to_length(length_to_byte(length)) if length else 0
        out.append(table[length])
    return out + [0] * (doc_count - len(out))


class _Postings(W3PostingsWriter):
    """Whoosh's posting-list writer with its per-posting generators replaced by C-level
    operations, and with blocks under SMALL_BLOCK bytes left uncompressed (the block records
    whether it is compressed; Whoosh meant to skip tiny blocks, but a slip compresses all;
    zlib's set-up cost then dominated, as most terms have only a few postings)."""

    SMALL_BLOCK = 512

    def _mini_ids(self):
        ids = self._ids
        return tuple(map(sub, ids, chain((0,), ids)))  # gaps, as delta_encode()

    def _mini_weights(self):
        weights = self._weights
        first = weights[0]
        if weights.count(first) == len(weights):
            return None if first == 1.0 else first
        return tuple(weights)

    def _write_block(self, last=False):
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        databytes = dumps((self._mini_ids(), self._mini_weights(), self._mini_values()), 2)
        comp = self._compression if len(databytes) >= self.SMALL_BLOCK else 0
        if comp:
            databytes = zlib.compress(databytes, comp)
        ids = self._ids
        infobytes = dumps((len(ids), ids[-1], self._maxweight, comp,
                           length_to_byte(self._minlength), length_to_byte(self._maxlength)), 2)
        blocklength = len(infobytes) + len(databytes)
        self._postfile.write_int(-blocklength if last else blocklength)
        self._postfile.write(infobytes)
        self._postfile.write(databytes)
        self._blockcount += 1
        self._new_block()


def _fill_blocks(postwriter, postings: list, lengths: list[int] | None) -> None:
    """One term's postings, block by block, with the statistics Whoosh's add_posting keeps
    (the last block stays buffered for finish_term). `lengths` holds a length for every
    document, at least 1 where the field has a posting."""
    limit = postwriter._blocklimit
    for start in range(0, len(postings), limit):
        if start:
            postwriter._write_block()
        block = postings[start:start + limit] if len(postings) > limit else postings
        ids, weights, values = zip(*block, strict=True)
        postwriter._ids = ids
        postwriter._weights = block_weights = array("f", weights)
        postwriter._values = [v for v in values if v]
        postwriter._maxweight = max(0, max(block_weights))
        if lengths is None:
            postwriter._minlength, postwriter._maxlength = None, 0
        else:
            found = list(map(lengths.__getitem__, ids))
            postwriter._minlength, postwriter._maxlength = min(found), max(found)


# ---- Several processes -----------------------------------------------------------------------

def build_here(ix, documents: Iterable[dict], segment_docs: int | None = None) -> list:
    """Write the documents as new segments in this process; return the segments."""
    segment_docs = segment_docs or SEGMENT_DOCS
    segments, builder = [], None
    try:
        for fields in documents:
            builder = builder or SegmentBuilder(ix)
            builder.add(fields)
            if builder.doc_count >= segment_docs:
                segments.append(builder.finish())
                builder = None
        if builder is not None:
            segments.append(builder.finish())
    except BaseException:
        if builder is not None:
            builder.cancel()
        raise
    return segments


def _worker(directory: str, indexname: str, jobs, results) -> None:
    """Turn each numbered chunk of documents it is sent into one segment."""
    try:
        ix = index.open_dir(directory, indexname=indexname)
        segments, builder, current = [], None, None
        while (job := jobs.get()) is not None:
            number, batch = job
            if number != current and builder is not None:
                segments.append((current, builder.finish()))
                builder = None
            current = number
            builder = builder or SegmentBuilder(ix)
            for fields in batch:
                builder.add(fields)
        if builder is not None:
            segments.append((current, builder.finish()))
        results.put(("ok", segments))
    except BaseException:
        results.put(("error", traceback.format_exc()))


def processes_for(count: int) -> int:
    """How many worker processes a build of `count` documents should use (command line)."""
    return max(1, min(os.cpu_count() or 1, 4)) if count > PARALLEL_FROM else 1


def _context():
    # fork is quick, but unsafe once a process has other threads (and Python 3.12 warns).
    method = "fork" if threading.active_count() == 1 else "forkserver"
    return multiprocessing.get_context(method)


def build(ix, documents: Iterable[dict], processes: int = 1, expected: int | None = None,
          segment_docs: int | None = None) -> list:
    """Write the documents as new segments, over `processes` worker processes; return them.

    `ix` is the index or the writer holding its lock; the caller commits the segments (see
    `commit`). The documents are cut into consecutive chunks, one segment each, dealt to
    the workers in turn, and the segments are returned in the documents' order, so that
    document numbers (which break ties in relevance) follow the order given, as they do
    when documents are added one at a time. `expected` (the number of documents, when
    known) sizes the chunks so that every worker gets a share.
    """
    segment_docs = segment_docs or SEGMENT_DOCS
    if processes <= 1:
        return build_here(ix, documents, segment_docs)
    if expected is None and isinstance(documents, Sized):
        expected = len(documents)
    chunk = min(segment_docs, max(BATCH, -(-expected // processes))) if expected else segment_docs
    context = _context()
    # Unbounded queues: a worker's chunk must not wait behind another worker's.
    queues, results = [context.Queue() for _ in range(processes)], context.Queue()
    workers = [context.Process(target=_worker, daemon=True,
                               args=(ix.storage.folder, ix.indexname, jobs, results))
               for jobs in queues]
    for worker in workers:
        worker.start()
    try:
        _deal(iter(documents), chunk, queues, workers)
        for jobs in queues:
            jobs.put(None)
        outcomes = [_get(results, workers) for _ in workers]
    finally:
        for worker in workers:
            worker.join(timeout=5)
            if worker.is_alive():
                worker.terminate()
    failures = [detail for status, detail in outcomes if status != "ok"]
    if failures:
        raise RuntimeError("A search indexing worker failed:\n" + failures[0])
    return [segment for _, segment in sorted(
        (pair for _, pairs in outcomes for pair in pairs), key=lambda pair: pair[0])]


def _deal(documents, chunk: int, queues: list, workers: list) -> None:
    """Send each batch to its chunk's worker as soon as it is made, so that the first worker
    starts at once, while the documents are still being made, and the next when its chunk
    begins (whole chunks made first kept the workers waiting for them)."""
    number, in_chunk = 0, 0
    while batch := list(islice(documents, min(BATCH, chunk - in_chunk))):
        queues[number % len(queues)].put((number, batch))
        in_chunk += len(batch)
        if in_chunk == chunk:
            number, in_chunk = number + 1, 0
        _check_alive(workers)


def _get(results, workers):
    for _ in range(WORKER_TIMEOUT):
        try:
            return results.get(timeout=1)
        except queue.Empty:
            _check_alive(workers)
    raise RuntimeError("Search indexing workers did not finish")


def _check_alive(workers) -> None:
    dead = [w for w in workers if not w.is_alive() and w.exitcode not in (0, None)]
    if dead:
        raise RuntimeError(f"A search indexing worker died (exit code {dead[0].exitcode})")


def commit(index_writer, segments: list, replace: bool) -> None:
    """Put built segments into the index with the writer that holds its lock, then release it:
    in place of every existing document (`replace`), or beside them."""
    try:
        kept = [] if replace else list(index_writer.segments)
        index_writer._close_segment()  # the writer's own segment stays empty and is removed
        index_writer._commit_toc(kept + segments)
    finally:
        index_writer._finish()
