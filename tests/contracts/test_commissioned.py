"""The commissioner's own list of contracts, on their dashboard: the contracts their body let,
with the outcome reports waiting for their confirmation highlighted and linked (before this,
such a report was reachable only through its email). Only the buying body's members see it."""

import pytest

from portal.contracts import commissioned
from portal.contracts import services as contracts
from portal.errors import PermissionDenied
from portal.extensions import db
from tests.contracts.test_contracts import _report, contract  # noqa: F401  (a fixture)


@pytest.fixture
def waiting(contract):  # noqa: F811
    made, winner = contract
    report = _report(made, winner)
    db.session.commit()
    return made, winner, report


def test_a_commissioner_sees_the_contracts_their_body_let_with_reports_waiting(
        client, auth, commissioner, waiting):
    made, winner, report = waiting
    auth.login(commissioner)
    page = client.get("/dashboard").get_data(as_text=True)
    assert 'id="contracts"' in page
    assert f'href="/contracts/{made.id}"' in page
    assert winner.organisation.name in page
    assert f'href="/contracts/{made.id}#report-{report.id}"' in page
    assert "1 outcome report is waiting for you to confirm" in page


def test_the_award_notice_has_the_report_the_dashboard_links_to(client, auth, commissioner,
                                                                waiting):
    made, _winner, report = waiting
    auth.login(commissioner)
    page = client.get(f"/contracts/{made.id}").get_data(as_text=True)
    assert f'id="report-{report.id}"' in page


def test_a_decided_report_no_longer_waits(client, auth, commissioner, waiting):
    made, _winner, report = waiting
    contracts.confirm_report(report, actor=commissioner)
    db.session.commit()
    auth.login(commissioner)
    page = client.get("/dashboard").get_data(as_text=True)
    assert f'href="/contracts/{made.id}"' in page
    assert f"#report-{report.id}" not in page
    assert "waiting for you to confirm" not in page


@pytest.mark.parametrize("who", ["other body", "supplier", "waiting member", "admin"])
def test_nobody_outside_the_buying_body_sees_its_contracts_or_reports(
        client, auth, make_user, commissioner, waiting, who):
    made, winner, report = waiting
    user = {
        "other body": lambda: make_user("commissioner"),
        "supplier": lambda: winner,
        "waiting member": lambda: make_user("member", organisation=commissioner.organisation),
        "admin": lambda: make_user("admin"),
    }[who]()
    auth.login(user)
    page = client.get("/dashboard").get_data(as_text=True)
    assert f"#report-{report.id}" not in page
    assert "waiting for you to confirm" not in page
    assert f'href="/contracts/{made.id}"' not in page


def test_the_list_is_refused_for_another_body(make_user, commissioner, waiting):
    with pytest.raises(PermissionDenied):
        commissioned.contracts_let(commissioner.organisation, actor=make_user("commissioner"))
    with pytest.raises(PermissionDenied):
        commissioned.contracts_let(commissioner.organisation, actor=waiting[1])


def test_the_list_gives_each_contract_with_its_waiting_reports(commissioner, waiting):
    made, _winner, report = waiting
    rows = commissioned.contracts_let(commissioner.organisation, actor=commissioner)
    assert [(row.contract, row.waiting) for row in rows] == [(made, [report])]
