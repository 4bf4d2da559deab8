"""Every model, importable from one place (Alembic and the tests need them all loaded)."""

from portal.models.accounts import (
    COMMISSIONING_KINDS,
    ORGANISATION_KINDS,
    THIRD_SECTOR_KINDS,
    Organisation,
    User,
)
from portal.models.audit import AuditEvent
from portal.models.innovations import (
    EVIDENCE_LEVELS,
    INNOVATION_NEEDS,
    INNOVATION_STAGES,
    Adoption,
    Innovation,
    InnovationAttachment,
    InnovationInterest,
    InnovationUpdate,
)
from portal.models.outbox import OutboundEmail
from portal.models.reference import ClientGroup, Indicator, LocalArea, Outcome, Region

__all__ = [
    "COMMISSIONING_KINDS",
    "ORGANISATION_KINDS",
    "EVIDENCE_LEVELS",
    "INNOVATION_NEEDS",
    "INNOVATION_STAGES",
    "THIRD_SECTOR_KINDS",
    "Adoption",
    "AuditEvent",
    "ClientGroup",
    "Indicator",
    "Innovation",
    "InnovationAttachment",
    "InnovationInterest",
    "InnovationUpdate",
    "LocalArea",
    "Organisation",
    "OutboundEmail",
    "Outcome",
    "Region",
    "User",
]
