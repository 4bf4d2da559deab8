"""The rules of an opportunity's life: publication, status by time, deadlines, amendments."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.errors import PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.models import AuditEvent, OutboundEmail
from portal.opportunities import questions, services
from tests.factories import complete_draft


def test_a_complete_draft_from_a_verified_body_publishes(make_opportunity, commissioner):
    opportunity = make_opportunity("draft")
    services.publish(opportunity, actor=commissioner)
    assert opportunity.status == "open"
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.action == "opportunity.published"))


def test_an_unverified_body_cannot_publish(make_user):
    commissioner = make_user("commissioner", org_status="pending")
    opportunity = complete_draft(commissioner.organisation, commissioner)
    with pytest.raises(ValidationFailed, match="must be verified"):
        services.publish(opportunity, actor=commissioner)
    assert opportunity.status == "draft"


def test_weights_must_sum_to_100_before_publication(make_opportunity, commissioner):
    opportunity = make_opportunity("draft")
    opportunity.criteria[0].weight = 40
    with pytest.raises(ValidationFailed) as failure:
        services.publish(opportunity, actor=commissioner)
    assert failure.value.errors["weights"] == (
        "Criteria weights must add up to 100 (they add up to 90)")


def test_a_criterion_cannot_take_the_weights_over_100(make_opportunity, commissioner):
    opportunity = make_opportunity("draft")
    with pytest.raises(ValidationFailed) as failure:
        services.add_criterion(opportunity, kind="quality", title="Extra", question="Why?",
                               word_limit=200, weight=5, actor=commissioner)
    assert "Weight must be 0 or less" in failure.value.errors["weight"]


def test_publication_needs_quality_price_and_social_value(make_opportunity, commissioner):
    opportunity = make_opportunity("draft")
    db.session.delete(opportunity.criteria[2])
    db.session.flush()
    db.session.refresh(opportunity)
    with pytest.raises(ValidationFailed) as failure:
        services.publish(opportunity, actor=commissioner)
    assert failure.value.errors["criteria"] == "Add evaluation criteria for social value"


def test_publication_names_every_missing_field(commissioner):
    opportunity = services.create_draft("Just a title", "", actor=commissioner)
    with pytest.raises(ValidationFailed) as failure:
        services.publish(opportunity, actor=commissioner)
    assert set(failure.value.errors) == {
        "summary", "specification", "client_groups", "outcomes", "local_areas", "indicators",
        "value", "duration_months", "questions_close_at", "closes_at", "criteria"}


def test_quality_criteria_need_a_question_and_a_word_limit(make_opportunity, commissioner):
    opportunity = make_opportunity("draft")
    opportunity.criteria[0].weight = 45
    with pytest.raises(ValidationFailed) as failure:
        services.add_criterion(opportunity, kind="quality", title="Staff", question=" ",
                               word_limit=None, weight=5, actor=commissioner)
    assert set(failure.value.errors) == {"question", "word_limit"}


def test_status_changes_at_the_deadline_with_no_job_run(make_opportunity, clock):
    closes_at = datetime(2009, 3, 27, 17, 0, tzinfo=UTC)
    clock.set(closes_at - timedelta(days=20))
    opportunity = make_opportunity("open", closes_at=closes_at,
                                   questions_close_at=closes_at - timedelta(days=7))
    clock.set(closes_at - timedelta(seconds=1))
    assert opportunity.status == "open"
    clock.set(closes_at)
    assert opportunity.status == "closed"
    clock.set(closes_at + timedelta(seconds=1))
    assert opportunity.status == "closed"


def test_deadline_can_be_extended_with_a_public_reason(make_opportunity, commissioner):
    opportunity = make_opportunity("open")
    later = opportunity.closes_at + timedelta(days=7)
    services.update_dates(opportunity, questions_close_at=opportunity.questions_close_at,
                          closes_at=later, reason="More time for partnerships",
                          actor=commissioner)
    assert opportunity.closes_at == later
    [amendment] = opportunity.amendments
    assert amendment.reason == "More time for partnerships"
    assert amendment.changes[0]["label"] == "Deadline for bids"


def test_deadline_cannot_be_brought_forward_after_publication(make_opportunity, commissioner):
    opportunity = make_opportunity("open")
    original = opportunity.closes_at
    with pytest.raises(ValidationFailed, match="extended but not brought forward"):
        services.update_dates(opportunity, questions_close_at=opportunity.questions_close_at,
                              closes_at=original - timedelta(days=1), reason="Hurry",
                              actor=commissioner)
    assert opportunity.closes_at == original


def test_new_deadline_must_be_at_least_24_hours_away(make_opportunity, commissioner, clock):
    opportunity = make_opportunity("open")
    clock.set(opportunity.closes_at - timedelta(hours=2))
    with pytest.raises(ValidationFailed, match="at least 24 hours from now"):
        services.update_dates(opportunity, questions_close_at=opportunity.questions_close_at,
                              closes_at=opportunity.closes_at + timedelta(hours=12),
                              reason="A little longer", actor=commissioner)


def test_an_amendment_needs_a_reason(make_opportunity, commissioner):
    opportunity = make_opportunity("open")
    with pytest.raises(ValidationFailed, match="Enter the reason for the change"):
        services.update_overview(opportunity, title="New title", summary=opportunity.summary,
                                 specification=opportunity.specification, reason="",
                                 actor=commissioner)


def test_amendments_are_emailed_to_the_asker_who_now_follows_and_nobody_else(
        make_opportunity, commissioner, make_user):
    opportunity = make_opportunity("open")
    asker = make_user("provider")
    colleague = make_user("provider", organisation=asker.organisation)
    bystander = make_user("provider")
    questions.ask(opportunity, "Can we bid as a consortium?", actor=asker)
    services.update_overview(opportunity, title=opportunity.title, summary="A new summary.",
                             specification=opportunity.specification,
                             reason="Clearer summary", actor=commissioner)
    db.session.commit()
    recipients = set(db.session.scalars(select(OutboundEmail.recipient).where(
        OutboundEmail.template == "opportunity_amended")))
    assert recipients == {asker.email}  # asking followed it; a bid in progress would
    assert colleague.email not in recipients  # bring in the whole organisation (see
    assert bystander.email not in recipients  # tests/notifications/test_events.py)


def test_scope_criteria_and_clauses_are_fixed_after_publication(make_opportunity, commissioner):
    opportunity = make_opportunity("open")
    with pytest.raises(ValidationFailed, match="cannot change after publication"):
        services.update_scope(opportunity, client_groups=["offenders"], outcomes=["eet"],
                              local_areas=["E08000003"], actor=commissioner)


def test_cancelling_needs_a_reason_and_is_public(make_opportunity, commissioner):
    opportunity = make_opportunity("open")
    with pytest.raises(ValidationFailed):
        services.cancel(opportunity, "   ", actor=commissioner)
    services.cancel(opportunity, "Funding withdrawn", actor=commissioner)
    assert opportunity.status == "cancelled"
    assert opportunity.cancellation_reason == "Funding withdrawn"


def test_not_awarded_only_after_closing(make_opportunity, commissioner):
    opportunity = make_opportunity("open")
    with pytest.raises(PermissionDenied):
        services.mark_not_awarded(opportunity, "No suitable bids", actor=commissioner)
    closed = make_opportunity("closed")
    services.mark_not_awarded(closed, "No suitable bids", actor=commissioner)
    assert closed.status == "not awarded"


def test_commissioner_cannot_edit_another_bodys_opportunity(make_opportunity, make_user):
    opportunity = make_opportunity("draft")
    other = make_user("commissioner")
    with pytest.raises(PermissionDenied):
        services.update_overview(opportunity, title="Mine now", summary="", specification="",
                                 actor=other)


def test_provider_cannot_create_an_opportunity(make_user):
    with pytest.raises(PermissionDenied):
        services.create_draft("A tender", "", actor=make_user("provider"))


def test_value_range_minimum_cannot_exceed_maximum(make_opportunity, commissioner):
    opportunity = make_opportunity("draft")
    with pytest.raises(ValidationFailed, match="Minimum value must be"):
        services.update_contract(opportunity, value_min=300_000, value_max=200_000,
                                 duration_months=12, actor=commissioner)
    assert (opportunity.value_min, opportunity.value_max) == (150_000, 210_000)


def test_indicator_target_must_be_an_improvement(make_opportunity, commissioner):
    opportunity = make_opportunity("draft")
    from decimal import Decimal

    with pytest.raises(ValidationFailed, match="higher than the starting point"):
        services.add_indicator(opportunity, indicator_code="NI 147", baseline_pct=Decimal(90),
                               target_pct=Decimal(85), cohort_size=None, notes="",
                               actor=commissioner)
