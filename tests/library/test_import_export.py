"""`flask library import` and `export`: all lines checked first, and a lossless round trip."""

import json

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import LibraryEntry
from tests.library.factories import record


def _write(path, records):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n"
                            for r in records), encoding="utf-8")
    return str(path)


def _count():
    return db.session.scalar(select(func.count()).select_from(LibraryEntry))


def _without_identifier(exported: dict) -> dict:
    assert exported["identifier"]
    return {k: v for k, v in exported.items() if k != "identifier"}


def _export(runner, path) -> str:
    result = runner.invoke(args=["library", "export", str(path)])
    assert result.exit_code == 0, result.output
    return path.read_text(encoding="utf-8")


def test_file_with_three_bad_lines_is_refused_whole_with_three_named_errors(runner, tmp_path):
    bad_indicator = record(title="Bad indicator")
    bad_indicator["impacts"][0]["indicator"] = "NI 999"
    path = _write(tmp_path / "entries.jsonl", [
        record(title="A good line"),
        '{"title": "not closed"',
        bad_indicator,
        record(title="Nowhere", local_areas=["Atlantis"]),
        record(title="Another good line", local_areas=["Manchester"]),
    ])
    result = runner.invoke(args=["library", "import", path])
    assert result.exit_code == 1
    assert "Nothing imported: 3 problems" in result.output
    assert "line 2: is not valid JSON" in result.output
    assert "line 3, impacts[0].indicator: unknown indicator 'NI 999'" in result.output
    assert "line 4, local_areas[0]: no English local authority is called 'Atlantis'" in (
        result.output)
    assert _count() == 0


def test_every_bad_field_of_a_line_is_named(runner, tmp_path):
    path = _write(tmp_path / "entries.jsonl", [
        record(evidence_rating=7, period_end="2001-01-01", cost_per_person_gbp="lots",
               colour="blue"),
    ])
    result = runner.invoke(args=["library", "import", path])
    assert result.exit_code == 1
    for field in ("evidence_rating", "period_end", "cost_per_person_gbp", "colour"):
        assert f"line 1, {field}:" in result.output
    assert _count() == 0


def test_import_publishes_entries_and_matches_areas_by_name_or_code(runner, tmp_path):
    path = _write(tmp_path / "entries.jsonl", [
        record(local_areas=["manchester", "E09000028"]),
        record(title="Second"),
    ])
    result = runner.invoke(args=["library", "import", path])
    assert result.exit_code == 0, result.output
    assert "Imported 2 entries: created 2, updated 0." in result.output
    entries = db.session.scalars(select(LibraryEntry).order_by(LibraryEntry.id)).all()
    assert {e.status for e in entries} == {"published"}
    assert [a.name for a in entries[0].local_areas] == ["Manchester", "Southwark"]


def test_export_then_import_into_an_empty_database_is_lossless(runner, tmp_path):
    records = [
        record(),
        record(title="Two impacts", cost_per_person_gbp=1234.56, sources=[],
               client_groups=["care-leavers", "offenders"], outcomes=["accommodation", "eet"],
               impacts=[
                   {"indicator": "NI 148", "baseline_pct": 55.25, "baseline_period": "2007/08",
                    "result_pct": 61, "result_period": "2008/09", "cohort": 40},
                   {"indicator": "NI 147", "baseline_pct": 80, "baseline_period": "2007/08",
                    "result_pct": 79.5, "result_period": "2008/09", "cohort": 40}]),
        record(title="No cost, no impacts", cost_per_person_gbp=None, evidence_rating=1,
               impacts=[]),
    ]
    assert runner.invoke(args=["library", "import",
                               _write(tmp_path / "in.jsonl", records)]).exit_code == 0
    first = tmp_path / "first.jsonl"
    assert runner.invoke(args=["library", "export", str(first)]).exit_code == 0
    exported = [json.loads(line) for line in first.read_text().splitlines()]
    assert [_without_identifier(r) for r in exported] == records

    for entry in db.session.scalars(select(LibraryEntry)):
        db.session.delete(entry)
    db.session.commit()
    assert _count() == 0
    assert runner.invoke(args=["library", "import", str(first)]).exit_code == 0
    second = tmp_path / "second.jsonl"
    assert runner.invoke(args=["library", "export", str(second)]).exit_code == 0
    assert second.read_text() == first.read_text()


def test_api_gives_published_entries_in_the_import_format_with_id_and_url(client, runner,
                                                                          tmp_path):
    runner.invoke(args=["library", "import", _write(tmp_path / "in.jsonl", [record()])])
    listing = client.get("/api/v1/library").get_json()
    assert listing["meta"]["total"] == 1
    [entry] = listing["data"]
    assert entry["url"].endswith(f"/library/{entry['id']}")
    assert {k: v for k, v in entry.items() if k not in ("id", "url", "identifier")} == record()
    assert entry["identifier"] == db.session.get(LibraryEntry, entry["id"]).identifier
    assert client.get(f"/api/v1/library/{entry['id']}").get_json() == entry


# ---- A stable identifier: importing again updates in place -----------------------------------

def test_importing_an_export_again_updates_every_entry_in_place(runner, tmp_path):
    runner.invoke(args=["library", "import", _write(tmp_path / "in.jsonl", [
        record(), record(title="Second", local_areas=["Leeds"])])])
    ids = db.session.scalars(select(LibraryEntry.id).order_by(LibraryEntry.id)).all()
    first = _export(runner, tmp_path / "first.jsonl")
    result = runner.invoke(args=["library", "import", str(tmp_path / "first.jsonl")])
    assert result.exit_code == 0, result.output
    assert "Imported 2 entries: created 0, updated 2." in result.output
    assert db.session.scalars(select(LibraryEntry.id).order_by(LibraryEntry.id)).all() == ids
    assert _export(runner, tmp_path / "second.jsonl") == first


def test_an_import_updates_entries_it_names_and_creates_the_rest(runner, tmp_path):
    runner.invoke(args=["library", "import", _write(tmp_path / "in.jsonl", [
        record(), record(title="Second")])])
    exported = [json.loads(line) for line in _export(runner, tmp_path / "out.jsonl").splitlines()]
    exported[1]["title"] = "Second, corrected"
    exported[1]["evidence_rating"] = 4
    result = runner.invoke(args=["library", "import", _write(tmp_path / "again.jsonl", [
        exported[1], record(title="Third, new")])])
    assert "created 1, updated 1" in result.output
    second = db.session.scalar(select(LibraryEntry).where(
        LibraryEntry.identifier == exported[1]["identifier"]))
    assert (second.title, second.evidence_rating) == ("Second, corrected", 4)
    assert sorted(db.session.scalars(select(LibraryEntry.title))) == [
        "Housing first for prison leavers", "Second, corrected", "Third, new"]


def test_an_identifier_from_elsewhere_is_kept_so_the_next_import_updates(runner, tmp_path):
    line = record(identifier="leeds-housing-first-2009")
    runner.invoke(args=["library", "import", _write(tmp_path / "a.jsonl", [line])])
    result = runner.invoke(args=["library", "import", _write(tmp_path / "b.jsonl", [
        {**line, "title": "Renamed"}])])
    assert "created 0, updated 1" in result.output
    [entry] = db.session.scalars(select(LibraryEntry)).all()
    assert (entry.identifier, entry.title) == ("leeds-housing-first-2009", "Renamed")


def test_an_update_keeps_an_entry_an_admin_unpublished_unpublished(runner, tmp_path):
    runner.invoke(args=["library", "import", _write(tmp_path / "a.jsonl", [record()])])
    _export(runner, tmp_path / "out.jsonl")
    entry = db.session.scalar(select(LibraryEntry))
    entry.status = "unpublished"
    db.session.commit()
    runner.invoke(args=["library", "import", str(tmp_path / "out.jsonl")])
    db.session.refresh(entry)
    assert entry.status == "unpublished"


def test_bad_or_repeated_identifiers_are_named_and_nothing_changes(runner, tmp_path):
    runner.invoke(args=["library", "import", _write(tmp_path / "a.jsonl", [record()])])
    [exported] = [json.loads(line)
                  for line in _export(runner, tmp_path / "out.jsonl").splitlines()]
    result = runner.invoke(args=["library", "import", _write(tmp_path / "b.jsonl", [
        {**exported, "title": "Changed"},
        record(identifier=12),
        record(identifier="has spaces in it"),
        record(identifier="x" * 101),
        {**exported, "title": "Changed again"},
    ])])
    assert result.exit_code == 1
    assert "Nothing imported: 4 problems" in result.output
    assert "line 2, identifier: must be text" in result.output
    assert "line 3, identifier: use only letters, digits" in result.output
    assert "line 4, identifier: must be 100 characters or fewer" in result.output
    assert "line 5, identifier: is also on line 1" in result.output
    assert [e.title for e in db.session.scalars(select(LibraryEntry))] == [
        "Housing first for prison leavers"]



# ---- In bulk: one command leaves every entry searchable --------------------------------------

def _numbered(count: int) -> list[dict]:
    """Lines each with a made-up word of their own ('zqa', 'zqb', ...) and one they share."""
    def word(n: int) -> str:
        letters = ""
        while True:
            n, digit = divmod(n, 26)
            letters += "abcdefghijklmnopqrstuvwxyz"[digit]
            if not n:
                return "zq" + letters
    return [record(identifier=f"bulk-{n}", title=f"Bulk entry {word(n)}",
                   summary="Tenancy sustainment, imported in bulk.") for n in range(count)]


def test_importing_a_thousand_lines_in_one_command_makes_every_entry_searchable(runner,
                                                                                tmp_path):
    from portal import search

    lines = _numbered(1000)
    result = runner.invoke(args=["library", "import", _write(tmp_path / "in.jsonl", lines)])
    assert result.exit_code == 0, result.output
    assert "Imported 1000 entries: created 1000, updated 0." in result.output
    ids = dict(db.session.execute(select(LibraryEntry.identifier, LibraryEntry.id)).all())
    assert set(search.match_kind("sustainment", "library").ids) == set(ids.values())
    for n in (0, 1, 499, 999):
        title_word = lines[n]["title"].split()[-1]
        assert search.match_kind(title_word, "library").ids == [ids[f"bulk-{n}"]]


def test_importing_again_in_bulk_updates_the_entries_and_what_search_finds(runner, tmp_path):
    from portal import search

    lines = _numbered(300)
    runner.invoke(args=["library", "import", _write(tmp_path / "a.jsonl", lines)])
    lines[7]["title"] = "Renamed entry zzrenamed"
    lines[8]["impacts"] = []
    lines[8]["local_areas"] = ["Leeds", "Manchester"]
    result = runner.invoke(args=["library", "import", _write(tmp_path / "b.jsonl", lines)])
    assert "Imported 300 entries: created 0, updated 300." in result.output
    renamed = db.session.scalar(select(LibraryEntry).where(LibraryEntry.identifier == "bulk-7"))
    assert search.match_kind("zzrenamed", "library").ids == [renamed.id]
    assert search.match_kind(_numbered(8)[7]["title"].split()[-1], "library").ids == []
    eighth = db.session.scalar(select(LibraryEntry).where(LibraryEntry.identifier == "bulk-8"))
    assert eighth.impacts == []
    assert sorted(area.name for area in eighth.local_areas) == ["Leeds", "Manchester"]
    assert len(set(search.match_kind("sustainment", "library").ids)) == 300
    assert _count() == 300


def test_one_bad_line_among_a_thousand_rejects_them_all_by_its_line_number(runner, tmp_path):
    from portal import search

    lines = _numbered(1000)
    lines[613]["evidence_rating"] = 9
    result = runner.invoke(args=["library", "import", _write(tmp_path / "in.jsonl", lines)])
    assert result.exit_code == 1
    assert "Nothing imported: 1 problems" in result.output
    assert "line 614, evidence_rating: must be a whole number from 1 to 5" in result.output
    assert _count() == 0
    assert search.match_kind("sustainment", "library").ids == []


def test_the_document_an_import_makes_from_its_lines_is_the_one_its_entry_gives(runner,
                                                                                 tmp_path):
    """An import hands search documents made from the checked lines (not read back): they
    must be the documents the stored entries give, with and without impacts."""
    from portal.library.indexing import document, document_of_values
    from portal.library.records import Reference, check_record

    lines = [record(identifier="with-impacts", local_areas=["Leeds", "E08000003"],
                    client_groups=["offenders", "care-leavers"],
                    impacts=[*record()["impacts"],
                             {"indicator": "NI 147", "baseline_pct": 40.25,
                              "baseline_period": "2006/07", "result_pct": "55.5",
                              "result_period": "2008/09", "cohort": 30}]),
             record(identifier="without", impacts=[], cost_per_person_gbp=None)]
    result = runner.invoke(args=["library", "import", _write(tmp_path / "in.jsonl", lines)])
    assert result.exit_code == 0, result.output
    reference = Reference()
    for line in lines:
        entry = db.session.scalar(select(LibraryEntry)
                                  .where(LibraryEntry.identifier == line["identifier"]))
        values = check_record(line, reference).values
        assert document_of_values(values, entry.published_at) == document(entry)
