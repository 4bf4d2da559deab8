"""Every model, importable from one place (Alembic and the tests need them all loaded)."""

from portal.models.accounts import (
    COMMISSIONING_KINDS,
    ORGANISATION_KINDS,
    THIRD_SECTOR_KINDS,
    Organisation,
    User,
)
from portal.models.audit import AuditEvent
from portal.models.bids import (
    SCORE_LABELS,
    Bid,
    BidCommitment,
    BidImprovement,
    BidResponse,
    BidVersion,
    ClauseDelivery,
    Contract,
    OutcomeReport,
    OutcomeResult,
    Score,
)
from portal.models.opportunities import (
    CLAUSE_UNITS,
    CRITERION_KINDS,
    Amendment,
    ClarificationQuestion,
    EvaluationCriterion,
    Opportunity,
    OpportunityIndicator,
    OpportunitySocialClause,
    SocialClauseType,
)
from portal.models.outbox import OutboundEmail
from portal.models.reference import ClientGroup, Indicator, LocalArea, Outcome, Region

__all__ = [
    "SCORE_LABELS",
    "Bid",
    "BidCommitment",
    "BidImprovement",
    "BidResponse",
    "BidVersion",
    "ClauseDelivery",
    "Contract",
    "OutcomeReport",
    "OutcomeResult",
    "Score",
    "CLAUSE_UNITS",
    "COMMISSIONING_KINDS",
    "CRITERION_KINDS",
    "Amendment",
    "ClarificationQuestion",
    "EvaluationCriterion",
    "Opportunity",
    "OpportunityIndicator",
    "OpportunitySocialClause",
    "SocialClauseType",
    "ORGANISATION_KINDS",
    "THIRD_SECTOR_KINDS",
    "AuditEvent",
    "ClientGroup",
    "Indicator",
    "LocalArea",
    "Organisation",
    "OutboundEmail",
    "Outcome",
    "Region",
    "User",
]
