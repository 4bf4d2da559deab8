"""Building many documents at once: a rebuild, a first build, the benchmark.

Whoosh's writer puts every posting (one per distinct word, per field, per document: about
400 a document here) through a sorting pool as a tuple, and at commit reads each
document's field length back from disk once per posting. `SegmentBuilder` writes the
same segment files through Whoosh's own codec, but keeps each term's postings in lists
in memory and writes them block by block at the end, with the lengths it already knows.
The segment it writes is an ordinary Whoosh segment; later changes go through Whoosh's
writer as usual. A test checks that a bulk build answers every query as documents added
one at a time do.

`build()` splits the documents over worker processes, each writing its own segments, and
the caller commits them all at once while holding the index lock. Worker processes are
only for the command line and the benchmark (`processes > 1`): a web request rebuilding
an empty index does it in its own process.
"""

import multiprocessing
import os
import threading
import traceback
from array import array
from collections.abc import Iterable, Iterator
from itertools import islice

from whoosh import index
from whoosh.util.numeric import byte_to_length, length_to_byte

SEGMENT_DOCS = 25_000  # at most this many documents a segment (bounds a worker's memory)
BATCH = 250  # documents sent to a worker at a time
PARALLEL_FROM = 5_000  # fewer documents than this are not worth starting processes for
WORKER_TIMEOUT = 600  # seconds without news from the workers before giving up


class SegmentBuilder:
    """Writes one new segment of an index from whole documents (fields as for add_document)."""

    def __init__(self, ix):
        self.storage, self.schema = ix.storage, ix.schema
        self.codec = codec = _codec()
        self.segment = codec.new_segment(ix.storage, ix.indexname)
        self.perdoc = codec.per_document_writer(ix.storage, self.segment)
        self.doc_count = 0
        self._postings: dict[str, dict[bytes, list]] = {}
        self._lengths: dict[str, array] = {}

    def add(self, fields: dict) -> None:
        schema, perdoc, docnum = self.schema, self.perdoc, self.doc_count
        perdoc.start_doc(docnum)
        for name in sorted(fields):
            value = fields[name]
            if value is None or name.startswith("_"):
                continue
            field = schema[name]
            length = 0
            if field.indexed:
                terms = self._postings.setdefault(name, {})
                for btext, freq, weight, vbytes in field.index(value):
                    posting = terms.get(btext)
                    if posting is None:
                        posting = terms[btext] = [array("I"), array("f"), []]
                    posting[0].append(docnum)
                    posting[1].append(weight)
                    posting[2].append(vbytes)
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
        writer = self.codec.field_writer(self.storage, self.segment)
        for name in sorted(self._postings):
            field = self.schema[name]
            writer.start_field(name, field)
            lengths = _quantised(self._lengths.get(name))
            terms = self._postings.pop(name)
            for btext in sorted(terms):
                writer.start_term(btext)  # starts the term's posting list
                _write_blocks(writer._postwriter, *terms[btext], lengths)
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


def _codec():
    from whoosh.codec import default_codec

    return default_codec()


def _quantised(lengths: array | None) -> list[int] | None:
    """Field lengths as Whoosh reads them back (it stores each in one byte)."""
    if lengths is None:
        return None
    table: dict[int, int] = {}
    out = []
    for length in lengths:
        if length not in table:
            table[length] = byte_to_length(length_to_byte(length)) if length else 0
        out.append(table[length])
    return out


def _write_blocks(postwriter, ids: array, weights: array, values: list,
                  lengths: list[int] | None) -> None:
    """One term's postings, block by block, with the statistics Whoosh's add_posting keeps
    (the last block stays buffered for finish_term)."""
    limit = postwriter._blocklimit
    for start in range(0, len(ids), limit):
        if start:
            postwriter._write_block()
        block_ids = ids[start:start + limit]
        block_weights = weights[start:start + limit]
        postwriter._ids = block_ids
        postwriter._weights = block_weights
        postwriter._values = [v for v in values[start:start + limit] if v]
        postwriter._maxweight = max(0, max(block_weights))
        if lengths is None:
            postwriter._minlength, postwriter._maxlength = None, 0
        else:
            found = [n for n in (lengths[d] if d < len(lengths) else 0 for d in block_ids) if n]
            postwriter._minlength = min(found) if found else None
            postwriter._maxlength = max(found) if found else 0


# ---- Several processes -----------------------------------------------------------------------

def _batches(documents: Iterable[dict], size: int) -> Iterator[list[dict]]:
    documents = iter(documents)
    while batch := list(islice(documents, size)):
        yield batch


def build_here(ix, documents: Iterable[dict], segment_docs: int = SEGMENT_DOCS) -> list:
    """Write the documents as new segments in this process; return the segments."""
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


def _worker(directory: str, indexname: str, jobs, results, segment_docs: int) -> None:
    try:
        ix = index.open_dir(directory, indexname=indexname)

        def documents():
            while (batch := jobs.get()) is not None:
                yield from batch

        results.put(("ok", build_here(ix, documents(), segment_docs)))
    except BaseException:
        results.put(("error", traceback.format_exc()))


def processes_for(count: int) -> int:
    """How many worker processes a build of `count` documents should use (command line)."""
    return max(1, min(os.cpu_count() or 1, 4)) if count > PARALLEL_FROM else 1


def _context():
    # fork is quick, but unsafe once a process has other threads (and Python 3.12 warns).
    method = "fork" if threading.active_count() == 1 else "forkserver"
    return multiprocessing.get_context(method)


def build(ix, documents: Iterable[dict], processes: int = 1,
          segment_docs: int = SEGMENT_DOCS) -> list:
    """Write the documents as new segments, over `processes` worker processes; return them.

    The caller holds the index's write lock and commits the segments (see changes.py).
    """
    if processes <= 1:
        return build_here(ix, documents, segment_docs)
    context = _context()
    jobs, results = context.Queue(maxsize=processes * 8), context.Queue()
    workers = [context.Process(target=_worker, daemon=True,
                               args=(ix.storage.folder, ix.indexname, jobs, results,
                                     segment_docs)) for _ in range(processes)]
    for worker in workers:
        worker.start()
    try:
        for batch in _batches(documents, BATCH):
            _put(jobs, batch, workers)
        for _ in workers:
            _put(jobs, None, workers)
        outcomes = [_get(results, workers) for _ in workers]
    finally:
        for worker in workers:
            worker.join(timeout=5)
            if worker.is_alive():
                worker.terminate()
    failures = [detail for status, detail in outcomes if status != "ok"]
    if failures:
        raise RuntimeError("A search indexing worker failed:\n" + failures[0])
    return [segment for _, segments in outcomes for segment in segments]


def _put(jobs, item, workers) -> None:
    import queue

    for _ in range(WORKER_TIMEOUT):
        try:
            jobs.put(item, timeout=1)
            return
        except queue.Full:
            _check_alive(workers)
    raise RuntimeError("Search indexing workers stopped taking documents")


def _get(results, workers):
    import queue

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
