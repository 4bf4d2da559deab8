"""The social clause taxonomy, maintained by admins."""

import re

from sqlalchemy import func, select

from portal import audit, permissions
from portal.errors import PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.models import SocialClauseType

CODE = re.compile(r"^[a-z][a-z0-9-]{1,39}$")


def clause_types(*, active_only: bool = False) -> list[SocialClauseType]:
    query = select(SocialClauseType).order_by(SocialClauseType.position, SocialClauseType.name)
    if active_only:
        query = query.where(SocialClauseType.active.is_(True))
    return list(db.session.scalars(query))


def save_clause_type(clause_type: SocialClauseType | None, *, code: str, name: str,
                     description: str, active: bool, actor) -> SocialClauseType:
    """Add a clause type (clause_type None) or change one. Codes never change once made."""
    if not permissions.can_manage_social_clauses(actor):
        raise PermissionDenied()
    if clause_type is None:
        code = code.strip()
        if not CODE.match(code):
            raise ValidationFailed("Enter a code of lower case letters, numbers and hyphens",
                                   "code")
        if db.session.get(SocialClauseType, code) is not None:
            raise ValidationFailed("A clause with this code already exists", "code")
        position = db.session.scalar(select(func.coalesce(func.max(SocialClauseType.position),
                                                          0))) + 1
        clause_type = SocialClauseType(code=code, position=position)
        db.session.add(clause_type)
    clause_type.name = name.strip()
    clause_type.description = description.strip()
    clause_type.active = active
    db.session.flush()
    audit.record("social_clause_type.saved", clause_type, actor=actor, code=clause_type.code,
                 name=clause_type.name, active=active)
    return clause_type
