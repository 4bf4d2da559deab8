"""One release per stage of a published opportunity, built from what the database holds.

Stages, each dated by the event's own timestamp: `tender` (published), `tenderAmendment` (each
amendment), `tenderUpdate` (each answered question, as the enquiries extension recommends, and
the decision not to award), `tenderCancellation`, `award` and `contract` (the award makes
both), `contractAmendment` (each variation of the contract's value or end date) and
`implementation` (each outcome report the commissioner confirmed). A release id is
`<ocid>-<kind>-<number>`, the number being the row's own id, so it never changes.

Each release is the whole process as the public could read it at the release's date
(`snapshot`): nothing dated later, nothing from a bid that did not win, the number of bids only
from the deadline on (`permissions.bids_received_is_public`), and drafts never.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from portal import clock
from portal.contracts import variations
from portal.extensions import db
from portal.models import Opportunity
from portal.ocds import iso, ocid_for, opportunity_id_from
from portal.ocds.metrics import agreed, results
from portal.ocds.parties import party, reference
from portal.ocds.tender import compact, money, release_id, tender
from portal.urls import external_url

# kind -> (tag, order among releases of one moment)
KINDS = {"tender": ("tender", 0), "tenderAmendment": ("tenderAmendment", 1),
         "enquiry": ("tenderUpdate", 2), "tenderCancellation": ("tenderCancellation", 3),
         "unsuccessful": ("tenderUpdate", 4), "award": ("award", 5),
         "contract": ("contract", 6), "contractAmendment": ("contractAmendment", 7),
         "implementation": ("implementation", 8)}
RELEASE_ID = re.compile(r"^(?P<ocid>.+)-(?P<kind>" + "|".join(KINDS) + r")-(?P<number>\d{1,10})$")


@dataclass(frozen=True)
class Stage:
    """A release to be: which opportunity, what happened, its row's id, and when."""

    opportunity_id: int
    kind: str
    number: int
    date: datetime

    @property
    def id(self) -> str:
        return release_id(self.opportunity_id, self.kind, self.number)

    @property
    def order(self) -> tuple:
        return (self.date, KINDS[self.kind][1], self.number)


def stages(opportunity: Opportunity, now: datetime | None = None) -> list[Stage]:
    """The releases of one opportunity up to `now`, oldest first (none for a draft)."""
    now = now or clock.now()
    if opportunity.published_at is None or opportunity.published_at > now:
        return []
    found = [Stage(opportunity.id, "tender", 1, opportunity.published_at)]
    found += [Stage(opportunity.id, "tenderAmendment", a.id, a.created_at)
              for a in opportunity.amendments]
    found += [Stage(opportunity.id, "enquiry", q.id, q.answered_at)
              for q in opportunity.answered_questions]
    for kind, moment in (("tenderCancellation", opportunity.cancelled_at),
                         ("unsuccessful", opportunity.not_awarded_at)):
        if moment is not None:
            found.append(Stage(opportunity.id, kind, 1, moment))
    contract = opportunity.contract
    if contract is not None:
        found += [Stage(opportunity.id, kind, contract.id, contract.awarded_at)
                  for kind in ("award", "contract")]
        found += [Stage(opportunity.id, "contractAmendment", v.id, v.recorded_at)
                  for v in contract.variations]
        found += [Stage(opportunity.id, "implementation", r.id, r.decided_at)
                  for r in contract.reports if r.status == "confirmed" and r.decided_at]
    return sorted((s for s in found if s.date <= now), key=lambda stage: stage.order)


def _period(starts_on: date, ends_on: date) -> dict:
    return {"startDate": f"{starts_on.isoformat()}T00:00:00Z",
            "endDate": f"{ends_on.isoformat()}T23:59:59Z"}


def _award(contract) -> dict:
    """The award as made: its value and period stay the awarded ones after a variation."""
    period = _period(contract.starts_on, contract.original_ends_on)
    return compact({
        "id": str(contract.id), "title": contract.opportunity.title,
        "description": f"Awarded with a score of {contract.winning_score.normalize():f} "
                       "out of 100.",
        "status": "active", "date": iso(contract.awarded_at),
        "value": money(contract.original_value),
        "suppliers": [reference(contract.organisation)], "contractPeriod": period,
        "documents": [{"id": "award-notice", "documentType": "awardNotice",
                       "title": f"Award notice: {contract.opportunity.title}",
                       "url": external_url("contracts.detail", contract_id=contract.id),
                       "format": "text/html",
                       "datePublished": iso(contract.awarded_at), "language": "en"}],
        "agreedMetrics": agreed(contract),
    })


def _contract_status(contract, ends_on: date, at: datetime) -> str:
    day = at.date()
    if day < contract.starts_on:
        return "pending"
    return "active" if day <= ends_on else "terminated"


def _amendments(contract, at: datetime) -> list[dict]:
    """Each variation recorded by `at`: what changed, why, and the releases before and
    after it (the contract release, then each amendment's own)."""
    found, before = [], release_id(contract.opportunity_id, "contract", contract.id)
    for variation in (v for v in contract.variations if v.recorded_at <= at):
        this = release_id(contract.opportunity_id, "contractAmendment", variation.id)
        found.append({
            "id": str(variation.id), "date": iso(variation.recorded_at),
            "rationale": variation.reason,
            "description": f"{variations.describe(variation)} Takes effect on "
                           f"{variation.effective_on:%-d %B %Y}.",
            "amendsReleaseID": before, "releaseID": this, "changes": _changes(variation)})
        before = this
    return found


def _changes(variation) -> list[dict]:
    """The former values, as the tender's amendments give them (`Amendment.changes`)."""
    changes = []
    if variation.value_after is not None:
        changes.append({"property": "value.amount",
                        "former_value": float(variation.value_before)})
    if variation.ends_on_after is not None:
        changes.append({"property": "period.endDate",
                        "former_value": f"{variation.ends_on_before.isoformat()}T23:59:59Z"})
    return changes


def _contract(contract, at: datetime) -> dict:
    """The contract as it stood at `at`: the value and period after the variations by then."""
    award = _award(contract)
    metrics = results(contract, at)
    value, ends_on = variations.terms_at(contract, at)
    return compact({
        "id": str(contract.id), "awardID": str(contract.id), "title": award["title"],
        "status": _contract_status(contract, ends_on, at),
        "period": _period(contract.starts_on, ends_on), "value": money(value),
        "agreedMetrics": award.get("agreedMetrics"),
        "implementation": {"metrics": metrics} if metrics else None,
        "amendments": _amendments(contract, at) or None,
    })


def snapshot(opportunity: Opportunity, at: datetime) -> dict:
    """The parties, tender, award and contract as they were public at `at`."""
    contract = opportunity.contract
    if contract is not None and contract.awarded_at > at:
        contract = None
    parties = [party(opportunity.organisation, ["buyer", "procuringEntity"])]
    if contract is not None:
        parties.append(party(contract.organisation, ["tenderer", "supplier"]))
    body = {"parties": parties, "buyer": reference(opportunity.organisation),
            "tender": tender(opportunity, at)}
    if contract is not None:
        body.update(awards=[_award(contract)], contracts=[_contract(contract, at)])
    return body


def build(opportunity: Opportunity, stage: Stage) -> dict:
    return {"ocid": ocid_for(opportunity.id), "id": stage.id, "date": iso(stage.date),
            "tag": [KINDS[stage.kind][0]], "initiationType": "tender", "language": "en",
            **snapshot(opportunity, stage.date)}


def releases_of(opportunity: Opportunity) -> list[dict]:
    """Every release of one contracting process, oldest first."""
    return [build(opportunity, stage) for stage in stages(opportunity)]


def find(identifier: str) -> dict | None:
    """One release by its id, or None when there is no such release (yet)."""
    match = RELEASE_ID.match(identifier)
    opportunity = _opportunity(match["ocid"]) if match else None
    if opportunity is None:
        return None
    stage = next((s for s in stages(opportunity) if s.id == identifier), None)
    return build(opportunity, stage) if stage else None


def _opportunity(ocid: str) -> Opportunity | None:
    number = opportunity_id_from(ocid)
    return db.session.get(Opportunity, number) if number is not None else None


def opportunity_for(ocid: str) -> Opportunity | None:
    """The published opportunity an ocid names, or None."""
    opportunity = _opportunity(ocid)
    return opportunity if opportunity is not None and stages(opportunity) else None


def published_opportunities(ids: list[int] | None = None) -> list[Opportunity]:
    query = select(Opportunity).where(Opportunity.published_clause(clock.now()))
    if ids is not None:
        query = query.where(Opportunity.id.in_(ids))
    return list(db.session.scalars(query.order_by(Opportunity.id)))
