"""Every model, importable from one place (Alembic and the tests need them all loaded)."""

from portal.models.accounts import (
    COMMISSIONING_KINDS,
    ORGANISATION_KINDS,
    THIRD_SECTOR_KINDS,
    Organisation,
    User,
)
from portal.models.audit import AuditEvent
from portal.models.library import EVIDENCE_SCALE, IndicatorImpact, LibraryEntry
from portal.models.outbox import OutboundEmail
from portal.models.reference import ClientGroup, Indicator, LocalArea, Outcome, Region
from portal.models.search import PendingSearchChange

__all__ = [
    "COMMISSIONING_KINDS",
    "EVIDENCE_SCALE",
    "ORGANISATION_KINDS",
    "THIRD_SECTOR_KINDS",
    "AuditEvent",
    "ClientGroup",
    "Indicator",
    "IndicatorImpact",
    "LibraryEntry",
    "LocalArea",
    "Organisation",
    "OutboundEmail",
    "PendingSearchChange",
    "Outcome",
    "Region",
    "User",
]
