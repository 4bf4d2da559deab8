"""Library entries cite the innovations their service drew on: chosen by web address in the
form or by number in JSON Lines, only published ones, shown both ways once public."""

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.bids import evaluation
from portal.contracts import services as contracts
from portal.extensions import db
from portal.innovations import services as innovation_services
from portal.library import services
from portal.models import LibraryEntry
from portal.permissions import COMMAND_LINE
from tests.bids.helpers import award_after_standstill
from tests.conftest import csrf_token
from tests.library.factories import published_entry, record


def _form(innovations: str, **overrides) -> dict:
    data = record(**overrides)
    form = {
        "title": data["title"], "summary": data["summary"], "service": data["service"],
        "delivered_by": data["delivered_by"], "commissioned_by": data["commissioned_by"],
        "client_groups": data["client_groups"], "outcomes": data["outcomes"],
        "local_areas": "Manchester", "period_start": data["period_start"],
        "period_end": data["period_end"], "cost_per_person_gbp": "2,400",
        "evidence_rating": "3", "sources": "", "innovations": innovations,
    }
    impact = data["impacts"][0]
    for name, value in impact.items():
        form[f"impacts-0-{name}"] = str(value)
    return form


def test_a_contributor_cites_published_innovations_by_web_address_or_number(
        client, auth, make_user, make_innovation):
    mentors = make_innovation(title="Employer mentors")
    lodgings = make_innovation(title="Supported lodgings")
    auth.login(make_user("provider"))
    response = client.post("/library/new", data={
        **_form(f"http://localhost/innovations/{mentors.id}\n{lodgings.id}\n"),
        "csrf_token": csrf_token(client, "/library/new")})
    assert response.status_code == 303, response.get_data(as_text=True)
    entry = db.session.scalars(select(LibraryEntry)).one()
    assert [i.id for i in entry.innovations] == sorted([mentors.id, lodgings.id])


@pytest.mark.parametrize("status", ["draft", "submitted", "withdrawn"])
def test_an_innovation_that_is_not_published_cannot_be_cited(
        client, auth, make_user, make_innovation, status):
    hidden = make_innovation(status)
    auth.login(make_user("provider"))
    response = client.post("/library/new", data={
        **_form(f"/innovations/{hidden.id}", title="Kept title"),
        "csrf_token": csrf_token(client, "/library/new")})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert (f"Innovations it drew on: no published innovation has the number {hidden.id} "
            "on this portal") in body
    assert 'value="Kept title"' in body  # nothing typed is lost
    assert db.session.scalars(select(LibraryEntry)).all() == []


def test_each_line_that_names_no_innovation_is_named(client, auth, make_user):
    auth.login(make_user("provider"))
    response = client.post("/library/new", data={
        **_form("https://example.org/somewhere-else\n99999"),
        "csrf_token": csrf_token(client, "/library/new")})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "&#39;https://example.org/somewhere-else&#39; is not an innovation" in body
    assert "no published innovation has the number 99999" in body


def test_a_published_entry_and_its_innovation_link_to_each_other(
        client, make_innovation, make_user):
    mentors = make_innovation(title="Employer mentors")
    entry = published_entry(title="Mentoring scheme", innovations=[mentors.id])
    entry_page = client.get(f"/library/{entry.id}").get_data(as_text=True)
    assert "Innovations it drew on" in entry_page
    assert f'href="/innovations/{mentors.id}">Employer mentors</a>' in entry_page
    innovation_page = client.get(f"/innovations/{mentors.id}").get_data(as_text=True)
    assert "In the practice library" in innovation_page
    assert f'href="/library/{entry.id}">Mentoring scheme</a>' in innovation_page


def test_an_innovation_page_lists_only_published_entries(client, make_innovation, make_user):
    mentors = make_innovation(title="Employer mentors")
    waiting = services.contribute(record(title="Waiting entry", innovations=[mentors.id]),
                                  actor=make_user("provider"))
    db.session.commit()
    assert waiting.status == "submitted"
    page = client.get(f"/innovations/{mentors.id}").get_data(as_text=True)
    assert "Waiting entry" not in page
    assert "In the practice library" not in page


def test_an_innovation_withdrawn_later_drops_out_of_the_entry_page_and_export(
        client, make_innovation, make_user, runner, tmp_path):
    mentors = make_innovation(title="Employer mentors")
    entry = published_entry(title="Mentoring scheme", innovations=[mentors.id])
    innovation_services.withdraw_innovation(mentors, "Out of date", actor=make_user("admin"))
    db.session.commit()
    assert "Employer mentors" not in client.get(f"/library/{entry.id}").get_data(as_text=True)
    out = tmp_path / "out.jsonl"
    assert runner.invoke(args=["library", "export", str(out)]).exit_code == 0
    assert json.loads(out.read_text())["innovations"] == []


def test_import_names_each_innovation_it_cannot_cite(runner, tmp_path, make_innovation):
    draft = make_innovation("draft")
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in (
        record(innovations=[draft.id]), record(innovations="12"), record(innovations=[True]),
    )) + "\n")
    result = runner.invoke(args=["library", "import", str(path)])
    assert result.exit_code == 1
    assert f"line 1, innovations[0]: no published innovation has the number {draft.id}" in (
        result.output)
    assert "line 2, innovations: must be a list of innovation numbers" in result.output
    assert "line 3, innovations[0]: True is not an innovation's number" in result.output
    assert db.session.scalars(select(LibraryEntry)).all() == []


def test_citations_survive_export_and_import(runner, tmp_path, make_innovation):
    first, second = make_innovation(title="One"), make_innovation(title="Two")
    services.import_entries([json.dumps(record(innovations=[second.id, first.id])),
                             json.dumps(record(title="Cites nothing"))], actor=COMMAND_LINE)
    db.session.commit()
    out = tmp_path / "out.jsonl"
    assert runner.invoke(args=["library", "export", str(out)]).exit_code == 0
    exported = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["innovations"] for r in exported] == [sorted([first.id, second.id]), []]
    for entry in db.session.scalars(select(LibraryEntry)):
        db.session.delete(entry)
    db.session.commit()
    assert runner.invoke(args=["library", "import", str(out)]).exit_code == 0
    again = tmp_path / "again.jsonl"
    assert runner.invoke(args=["library", "export", str(again)]).exit_code == 0
    assert again.read_text() == out.read_text()


def test_an_entry_drafted_from_a_contract_cites_what_the_winning_bid_cited(
        make_opportunity, make_user, submit_bid, commissioner, clock, make_innovation):
    cited = make_innovation(title="Employer mentors")
    later_withdrawn = make_innovation(title="Old idea")
    opportunity = make_opportunity("open")
    winner = make_user("provider", email="winner@example.org")
    bid = submit_bid(opportunity, winner, price="200000", commitment="3",
                     evidence=[cited.id, later_withdrawn.id])
    clock.set(opportunity.closes_at + timedelta(minutes=1))
    q, _p, s = opportunity.criteria
    evaluation.save_scores(bid, {q.id: (3, ""), s.id: (3, "")}, "", actor=commissioner)
    made = award_after_standstill(opportunity, bid, starts_on=date(2027, 4, 1),
                                  ends_on=date(2028, 3, 31), actor=commissioner)
    innovation_services.withdraw_innovation(later_withdrawn, "Closed", actor=make_user("admin"))
    db.session.commit()
    clock.set(clock.current.replace(year=2028, month=6))
    assert contracts.library_entry_prefill(made)["innovations"] == [cited.id]
