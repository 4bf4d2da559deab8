"""Demo content for `make run`: organisations and one account per role.

Every password here is public (it is in the README): demo data is for a
laptop, never for production.
"""

import json

from sqlalchemy import select

from portal import clock
from portal.auth.passwords import hash_password
from portal.extensions import db
from portal.models import Organisation, User

DEMO_PASSWORD = "demo-portal-2009"

ORGANISATIONS = [
    ("Manchester City Council", "local-authority", "verified", None),
    ("Greater Manchester Probation Trust", "probation-trust", "verified", None),
    ("Leeds Partnerships NHS Foundation Trust", "mental-health-trust", "pending", None),
    ("Step Forward Housing", "charity", "verified", "1101234"),
    ("Routes to Work CIC", "social-enterprise", "pending", None),
    ("Open Door Community Group", "community-group", "pending", None),
]

ACCOUNTS = [
    ("commissioner@example.org", "Cara Commissioner", "Manchester City Council", False),
    ("provider@example.org", "Pat Provider", "Step Forward Housing", False),
    ("admin@example.org", "Ada Admin", None, True),
]


def database_is_empty() -> bool:
    return db.session.scalar(select(Organisation.id).limit(1)) is None


def load() -> None:
    now = clock.now()
    by_name = {}
    for name, kind, status, charity_number in ORGANISATIONS:
        organisation = Organisation(
            name=name, name_key=Organisation.key_for(name), kind=kind, status=status,
            charity_number=charity_number, status_changed_at=now if status != "pending" else None,
        )
        db.session.add(organisation)
        by_name[name] = organisation
    password_hash = hash_password(DEMO_PASSWORD)
    for email, name, organisation, admin in ACCOUNTS:
        db.session.add(User(
            email=email, name=name, password_hash=password_hash,
            organisation=by_name.get(organisation), membership="active",
            is_admin=admin, email_verified_at=now,
        ))
    db.session.flush()
    _load_library()


def _load_library() -> None:
    """Published practice library entries, and one waiting for moderation."""
    from portal.library.demo_entries import ENTRIES
    from portal.library.services import contribute, import_entries
    from portal.permissions import COMMAND_LINE

    import_entries([json.dumps(record) for record in ENTRIES[1:]], actor=COMMAND_LINE)
    contribute(ENTRIES[0], actor=User.by_email("provider@example.org"))
