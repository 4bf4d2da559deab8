"""A bid's documents and cited innovations: sealed like the rest of the bid."""

import io
import re
from datetime import timedelta

import pytest
from werkzeug.datastructures import FileStorage

from portal.bids import services
from portal.errors import ValidationFailed
from portal.extensions import db
from tests.bids.helpers import complete_input

PDF = b"%PDF-1.4\nsealed pricing breakdown\n%%EOF\n"


@pytest.fixture
def bid_with_document(make_opportunity, make_user):
    opportunity = make_opportunity("open")
    provider = make_user("provider")
    bid = services.start_bid(opportunity, actor=provider)
    db.session.flush()
    document = services.add_attachment(bid, FileStorage(io.BytesIO(PDF), "pricing.pdf"),
                                       revision=bid.revision, actor=provider)
    services.submit(bid, complete_input(opportunity), revision=bid.revision, actor=provider)
    db.session.commit()
    return opportunity, bid, provider, document


def test_nobody_else_can_download_a_bid_document_before_the_deadline(
        client, auth, bid_with_document, commissioner, make_user):
    opportunity, bid, provider, document = bid_with_document
    path = f"/bids/{bid.reference}/attachments/{document.reference}"
    for outsider in (commissioner, make_user("provider"), make_user("admin")):
        auth.login(outsider)
        assert client.get(path).status_code == 404
        auth.logout()
    auth.login(provider)
    assert client.get(path).data == PDF


def test_after_the_deadline_the_owner_downloads_submitted_documents(
        client, auth, bid_with_document, commissioner, clock):
    opportunity, bid, _provider, document = bid_with_document
    clock.set(opportunity.closes_at + timedelta(seconds=1))
    auth.login(commissioner)
    assert client.get(f"/bids/{bid.reference}/attachments/{document.reference}").data == PDF


def test_a_document_added_after_the_last_submission_stays_with_the_bidder(
        client, auth, bid_with_document, commissioner, clock):
    opportunity, bid, provider, _document = bid_with_document
    unsent = services.add_attachment(bid, FileStorage(io.BytesIO(PDF), "draft.pdf"),
                                     revision=bid.revision, actor=provider)
    db.session.commit()
    clock.set(opportunity.closes_at + timedelta(seconds=1))
    auth.login(commissioner)
    assert client.get(f"/bids/{bid.reference}/attachments/{unsent.reference}").status_code == 404


def test_a_bid_cites_only_published_innovations(make_opportunity, make_user, make_innovation):
    opportunity = make_opportunity("open")
    provider = make_user("provider")
    draft = make_innovation("draft")
    bid = services.start_bid(opportunity, actor=provider)
    db.session.flush()
    data = complete_input(opportunity)
    data.evidence = [draft.id]
    with pytest.raises(ValidationFailed, match="only cite published innovations"):
        services.save_draft(bid, data, revision=bid.revision, actor=provider)


def test_citations_are_counted_only_after_the_deadline_and_never_named(
        client, make_opportunity, make_user, make_innovation, clock):
    opportunity = make_opportunity("open")
    innovation = make_innovation("published")
    provider = make_user("provider")
    bid = services.start_bid(opportunity, actor=provider)
    db.session.flush()
    data = complete_input(opportunity)
    data.evidence = [innovation.id]
    services.submit(bid, data, revision=bid.revision, actor=provider)
    db.session.commit()
    page = f"/innovations/{innovation.id}"
    assert "Cited as evidence in 0 bids" in client.get(page).get_data(as_text=True)
    clock.set(opportunity.closes_at + timedelta(seconds=1))
    body = client.get(page).get_data(as_text=True)
    assert "Cited as evidence in 1 bid on" in body
    assert provider.organisation.name not in body and opportunity.title not in body


def test_matching_innovation_shows_on_an_open_opportunity_not_a_closed_one(
        client, make_opportunity, make_innovation):
    innovation = make_innovation("published", title="Care leavers into apprenticeships")
    open_one = make_opportunity("open", title="Open coaching service")
    closed_one = make_opportunity("closed", title="Closed coaching service")
    assert innovation.title in client.get(f"/opportunities/{open_one.id}").get_data(as_text=True)
    assert innovation.title not in client.get(f"/opportunities/{closed_one.id}").get_data(
        as_text=True)
    body = client.get(f"/innovations/{innovation.id}").get_data(as_text=True)
    assert open_one.title in body
    assert closed_one.title not in body


def test_a_bid_cites_a_published_library_entry_and_not_a_waiting_one(
        client, auth, make_opportunity, make_user, commissioner, clock):
    from tests.library.factories import published_entry, submitted_entry

    opportunity = make_opportunity("open")
    provider = make_user("provider")
    entry = published_entry(title="Job coaching that moved NI 148",
                            impacts=[{"indicator": "NI 148", "baseline_pct": 55,
                                      "baseline_period": "2007/08", "result_pct": 63,
                                      "result_period": "2008/09", "cohort": 90}])
    waiting = submitted_entry(make_user("provider"), title="Not yet moderated")
    bid = services.start_bid(opportunity, actor=provider)
    db.session.commit()
    data = complete_input(opportunity)
    data.library_evidence = [waiting.id]
    with pytest.raises(ValidationFailed, match="published innovations and library entries"):
        services.save_draft(bid, data, revision=bid.revision, actor=provider)
    db.session.rollback()
    data.library_evidence = [entry.id]
    services.submit(bid, data, revision=bid.revision, actor=provider)
    db.session.commit()
    assert bid.current_version.content["library_evidence"] == [entry.id]
    auth.login(provider)
    assert entry.title in client.get(f"/bids/{bid.reference}").get_data(as_text=True)
    auth.logout()
    clock.set(opportunity.closes_at + timedelta(seconds=1))
    auth.login(commissioner)
    body = client.get(f"/bids/received/{opportunity.id}/{bid.reference}").get_data(as_text=True)
    assert "Cites the library entry" in body and entry.title in body


def test_the_commissioner_sees_what_the_submitted_version_cites_not_later_drafts(
        client, auth, make_opportunity, make_user, make_innovation, commissioner, clock):
    opportunity = make_opportunity("open")
    innovation = make_innovation("published", title="Mentors who stay for a year")
    provider = make_user("provider")
    bid = services.start_bid(opportunity, actor=provider)
    db.session.commit()
    data = complete_input(opportunity)
    data.evidence = [innovation.id]
    services.submit(bid, data, revision=bid.revision, actor=provider)
    db.session.commit()
    data.evidence = []  # a later draft drops the citation but is never submitted
    services.save_draft(bid, data, revision=bid.revision, actor=provider)
    db.session.commit()
    clock.set(opportunity.closes_at + timedelta(seconds=1))
    auth.login(commissioner)
    body = client.get(f"/bids/received/{opportunity.id}/{bid.reference}").get_data(as_text=True)
    assert "Cites the innovation" in body and innovation.title in body


def _upload(bid, provider, name):
    document = services.add_attachment(bid, FileStorage(io.BytesIO(PDF), name),
                                       revision=bid.revision, actor=provider)
    db.session.commit()
    return document


def test_bid_documents_are_addressed_by_references_that_count_nothing(
        client, auth, make_opportunity, make_user):
    opportunity = make_opportunity("open")
    mine, theirs = make_user("provider"), make_user("provider")
    my_bid = services.start_bid(opportunity, actor=mine)
    their_bid = services.start_bid(opportunity, actor=theirs)
    db.session.commit()
    first = _upload(my_bid, mine, "one.pdf")
    _upload(their_bid, theirs, "theirs.pdf")
    second = _upload(my_bid, mine, "two.pdf")
    auth.login(mine)
    page = client.get(f"/bids/{my_bid.reference}").get_data(as_text=True)
    links = re.findall(rf'href="/bids/{my_bid.reference}/attachments/([^"/]+)"', page)
    assert links == [first.reference, second.reference]
    assert all(not link.isdigit() and len(link) >= 16 for link in links)
    by_id = client.get(f"/bids/{my_bid.reference}/attachments/{first.id}")
    assert by_id.status_code == 404


def test_a_document_is_removed_by_its_reference(client, auth, make_opportunity, make_user):
    from tests.conftest import csrf_token

    opportunity = make_opportunity("open")
    provider = make_user("provider")
    bid = services.start_bid(opportunity, actor=provider)
    db.session.commit()
    document = _upload(bid, provider, "one.pdf")
    auth.login(provider)
    response = client.post(f"/bids/{bid.reference}/attachments/{document.reference}/remove",
                           data={"revision": bid.revision,
                                 "csrf_token": csrf_token(client, f"/bids/{bid.reference}")})
    assert response.status_code == 303
    db.session.expire_all()
    assert document.removed is True
