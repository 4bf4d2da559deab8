"""Amendments show what changed: the difference in full on the page, and in words by email."""

from datetime import timedelta

import pytest

from portal.alerts import follows
from portal.extensions import db
from portal.notifications.outbox import send_due
from portal.opportunities import amendments
from portal.opportunities import services as opportunities

SPECIFICATION = "\n".join(
    [f"Paragraph {n}: the provider will keep weekly notes on every person it supports."
     for n in range(1, 25)]
    + ["Mentors meet each care leaver once a fortnight for the first six months."]
    + [f"Closing paragraph {n}." for n in range(1, 4)])


@pytest.fixture
def amended(make_opportunity, make_user, commissioner):
    """An open opportunity whose specification changes one word on line 25 (far past the
    first hundred characters), with a follower to tell."""
    opportunity = make_opportunity("open", specification=SPECIFICATION)
    follower = make_user("provider")
    follows.follow(opportunity, actor=follower)
    db.session.commit()
    opportunities.update_overview(
        opportunity, title=opportunity.title, summary=opportunity.summary,
        specification=SPECIFICATION.replace("once a fortnight", "once a week"),
        reason="Mentoring was too thin", actor=commissioner)
    db.session.commit()
    return opportunity, follower


def test_a_change_far_down_the_specification_is_shown_on_the_page(client, amended):
    opportunity, _follower = amended
    body = client.get(f"/opportunities/{opportunity.id}").get_data(as_text=True)
    [amendment] = opportunity.amendments
    assert f'id="amendment-{amendment.id}"' in body
    assert "Changed line 25" in body
    assert "24 unchanged lines" in body and "3 unchanged lines" in body
    assert "Mentors meet each care leaver" in body  # the whole changed line
    assert "for the first six months." in body
    assert 'fortnight<span class="govuk-visually-hidden">]</span></del>' in body
    assert 'week<span class="govuk-visually-hidden">]</span></ins>' in body


def test_added_and_removed_words_are_announced_not_shown_by_colour_alone(client, amended):
    opportunity, _follower = amended
    body = client.get(f"/opportunities/{opportunity.id}").get_data(as_text=True)
    assert '<del class="portal-diff__removed"><span class="govuk-visually-hidden">[removed: ' \
        '</span>fortnight' in body
    assert '<ins class="portal-diff__added"><span class="govuk-visually-hidden">[added: ' \
        '</span>week' in body


def test_the_amendment_email_says_what_changed_in_words_and_links_to_it(amended, commissioner,
                                                                        inbox):
    opportunity, follower = amended
    new_deadline = opportunity.closes_at + timedelta(days=7)
    before = amendments.show_value("closes_at", opportunity.closes_at)
    opportunities.update_dates(opportunity, questions_close_at=opportunity.questions_close_at,
                               closes_at=new_deadline, reason="More time",
                               actor=commissioner)
    db.session.commit()
    send_due()
    first, second = inbox.to(follower.email)
    [amendment, dates] = opportunity.amendments
    text = inbox.text(first)
    assert "Specification: 1 line changed" in text
    assert "Paragraph" not in text and "fortnight" not in text  # the page shows the text
    link = f"http://127.0.0.1:5000/opportunities/{opportunity.id}#amendment-{amendment.id}"
    assert link in text
    assert f'href="{link}"' in first.get_body(preferencelist=("html",)).get_content()
    after = amendments.show_value("closes_at", new_deadline)
    assert f"Deadline for bids: changed from {before} to {after}" in inbox.text(second)


@pytest.mark.parametrize(("before", "after", "lines"), [
    ("one\ntwo\nthree", "one\ntwo and a half\nthree",
     [("gap", 1), ("changed", 2), ("gap", 1)]),
    ("one\nthree", "one\ntwo\nthree", [("gap", 1), ("added", 2), ("gap", 1)]),
    ("one\ntwo\nthree", "one\nthree", [("gap", 1), ("removed", 2), ("gap", 1)]),
    ("", "added plan.pdf", [("added", 1)]),
    ("not set", "£150,000", [("changed", 1)]),  # one line each: one changed line
    ("alpha\nbeta", "gamma\ndelta", [("removed", 1), ("removed", 2), ("added", 1),
                                      ("added", 2)]),
    ("one\n\nthree", "one\n\nthree\n\nfour", [("gap", 3), ("added", 5)]),  # not the blank
    ("one\nthree", "one\n\nthree", [("spacing", 0)]),
])
def test_lines_are_compared_then_words(before, after, lines):
    compared = amendments.compare({"field": "specification", "label": "Specification",
                                   "before": before, "after": after})
    assert [(line.kind, line.count if line.kind == "gap" else line.number)
            for line in compared.lines] == lines


def test_a_changed_line_marks_only_the_words_that_changed():
    compared = amendments.compare({"field": "title", "label": "Title",
                                   "before": "Care leavers into work",
                                   "after": "Care leavers into training"})
    [line] = compared.lines
    assert [(s.kind, s.text) for s in line.segments] == [
        ("same", "Care leavers into "), ("removed", "work"), ("added", "training")]
    assert compared.in_words() == 'Title: changed from "Care leavers into work" to ' \
                                  '"Care leavers into training"'
