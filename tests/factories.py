"""Factories for domain objects, shared by every test package (imported by conftest.py)."""

from datetime import timedelta
from decimal import Decimal

import pytest

from portal import clock as portal_clock
from portal.extensions import db
from portal.models import (
    ClientGroup,
    EvaluationCriterion,
    LocalArea,
    Opportunity,
    OpportunityIndicator,
    OpportunitySocialClause,
    Outcome,
)


def complete_draft(organisation, author, **overrides) -> Opportunity:
    """A draft with every section filled in, ready to publish."""
    now = portal_clock.now()
    values = dict(
        organisation=organisation, created_by_id=author.id,
        title="Care leavers into work", summary="Job coaching for care leavers.",
        specification="## Service\n\nJob coaching and work tasters.",
        value_min=150_000, value_max=210_000, duration_months=24,
        questions_close_at=now + timedelta(days=7), closes_at=now + timedelta(days=14),
        client_groups=[db.session.get(ClientGroup, "care-leavers")],
        outcomes=[db.session.get(Outcome, "eet")],
        local_areas=[db.session.get(LocalArea, "E08000003")],
        indicators=[OpportunityIndicator(indicator_code="NI 148", baseline_pct=Decimal(58),
                                         target_pct=Decimal(65), cohort_size=120)],
        criteria=[
            EvaluationCriterion(kind="quality", title="Service model", weight=50, position=1,
                                question="How will you help?", word_limit=500),
            EvaluationCriterion(kind="price", title="Price", weight=30, position=2),
            EvaluationCriterion(kind="social-value", title="Social value", weight=20,
                                position=3, question="What social value?", word_limit=300),
        ],
        social_clauses=[OpportunitySocialClause(
            clause_type_code="targeted-recruitment", unit="people", minimum=Decimal(2),
            requirement="Recruit two care leavers.")],
    )
    values.update(overrides)
    opportunity = Opportunity(**values)
    db.session.add(opportunity)
    db.session.commit()
    return opportunity


@pytest.fixture
def commissioner(make_user):
    return make_user("commissioner")


@pytest.fixture
def make_opportunity(commissioner):
    """make_opportunity(status="draft" | "open" | "closed", **overrides) -> Opportunity."""

    def make(status="open", *, owner=None, **overrides):
        owner = owner or commissioner
        now = portal_clock.now()
        if status == "closed":
            overrides.setdefault("questions_close_at", now - timedelta(days=3))
            overrides.setdefault("closes_at", now - timedelta(days=1))
        if status in ("open", "closed"):
            overrides.setdefault("published_at", now - timedelta(days=10))
        return complete_draft(owner.organisation, owner, **overrides)

    return make
