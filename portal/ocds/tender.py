"""The tender section of a release: the opportunity as it was public at the release's date.

The database keeps an opportunity's current values and, for each amendment, the text of each
changed field before and after (`Amendment.changes`, written by `show_value`). So the values
at an earlier date are the current ones with the later amendments undone, read back from that
text; a release therefore says the same thing whenever it is built.
"""

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from portal import permissions
from portal.bids.queries import submitted_bid_count
from portal.clock import UK
from portal.ocds import iso, ocid_for
from portal.ocds.metrics import tender_targets
from portal.ocds.parties import reference
from portal.opportunities.amendments import compare
from portal.urls import external_url

# Opportunity field -> where it shows in the tender section (amendments name these).
FIELDS = {"title": "title", "summary": "description", "value_min": "minValue.amount",
          "value_max": "value.amount", "questions_close_at": "enquiryPeriod.endDate",
          "closes_at": "tenderPeriod.endDate"}
# Social clause type -> goal in the sustainability extension's (open) codelist.
GOALS = {"targeted-recruitment": "social.disadvantagedEmploymentOpportunities",
         "local-employment": "economic.localEconomyPromotion",
         "vcse-supply-chain": "social.smeInclusion"}


def compact(data: dict) -> dict:
    """Leave out what is unknown: a null in a release would erase an earlier value."""
    return {key: value for key, value in data.items() if value not in (None, [], {}, "")}


def release_id(opportunity_id: int, kind: str, number: int) -> str:
    return f"{ocid_for(opportunity_id)}-{kind}-{number}"


def _recorded(field: str, text: str | None):
    """A value back from an amendment's text ('£180,000', '3 March 2027 at 5:00pm')."""
    if text in (None, "", "not set"):
        return None
    if field.startswith("value_"):
        return Decimal(text.lstrip("£").replace(",", ""))
    if field.endswith("_at"):
        local = datetime.strptime(text, "%d %B %Y at %I:%M%p")
        return local.replace(tzinfo=UK).astimezone(UTC)
    return text


def values_after(opportunity, count: int) -> dict:
    """The published fields as they stood once the first `count` amendments were made."""
    values = {field: getattr(opportunity, field) for field in FIELDS}
    for amendment in reversed(opportunity.amendments[count:]):
        for change in amendment.changes:
            if change.get("field") in values:
                try:
                    values[change["field"]] = _recorded(change["field"], change.get("before"))
                except (ValueError, InvalidOperation):
                    pass  # unreadable text: keep the later value rather than guess
    return values


def amendments_by(opportunity, at: datetime) -> int:
    return sum(1 for amendment in opportunity.amendments if amendment.created_at <= at)


def status_at(opportunity, at: datetime) -> str:
    """OCDS tender status at `at`: complete once awarded, as the tenderStatus codelist says."""
    for moment, status in ((opportunity.cancelled_at, "cancelled"),
                           (opportunity.awarded_at, "complete"),
                           (opportunity.not_awarded_at, "unsuccessful")):
        if moment is not None and moment <= at:
            return status
    return "active"


def money(amount) -> dict | None:
    if amount is None:
        return None
    number = Decimal(amount)
    return {"amount": int(number) if number == number.to_integral_value() else float(number),
            "currency": "GBP"}


def _criterion(criterion) -> str:
    kind = criterion.kind_label.lower()
    named = criterion.title if criterion.title.lower() == kind else f"{criterion.title} ({kind})"
    return f"{named}: {criterion.weight}%"


def _criteria(opportunity) -> str:
    """'Service model (quality): 40%; Price: 30%': what bids are scored on, and the weights."""
    return "; ".join(_criterion(criterion) for criterion in opportunity.criteria)


def _amendment(opportunity, index: int) -> dict:
    amendment = opportunity.amendments[index]
    before = values_after(opportunity, index)
    previous = ("tender", 1) if index == 0 else ("tenderAmendment",
                                                  opportunity.amendments[index - 1].id)
    changes = [{"property": FIELDS[c["field"]], "former_value": _plain(before[c["field"]])}
               for c in amendment.changes if c.get("field") in FIELDS]
    return compact({
        "id": str(amendment.id), "date": iso(amendment.created_at),
        "rationale": amendment.reason,
        "description": "; ".join(compare(change).in_words() for change in amendment.changes),
        "amendsReleaseID": release_id(opportunity.id, *previous),
        "releaseID": release_id(opportunity.id, "tenderAmendment", amendment.id),
        "changes": changes,
    })


def _plain(value):
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return money(value)["amount"]
    return value


def _documents(opportunity, at: datetime) -> list[dict]:
    published = opportunity.published_at
    documents = [{
        "id": "specification", "documentType": "tenderNotice", "title": opportunity.title,
        "description": "The full specification, with the questions and answers",
        "url": external_url("opportunities.detail", opportunity_id=opportunity.id),
        "datePublished": iso(published), "format": "text/html", "language": "en"}]
    documents += [{
        "id": f"attachment-{document.id}", "documentType": "biddingDocuments",
        "title": document.filename, "format": document.content_type, "language": "en",
        "url": external_url("opportunities.attachment", opportunity_id=opportunity.id,
                            attachment_id=document.id),
        "datePublished": iso(max(document.created_at, published))}
        for document in opportunity.attachments if document.created_at <= max(at, published)]
    for moment, reason, title, kind in (
            (opportunity.cancelled_at, opportunity.cancellation_reason,
             "Why the opportunity was cancelled", "cancellationDetails"),
            (opportunity.not_awarded_at, opportunity.not_awarded_reason,
             "Why no contract was awarded", "evaluationReports")):
        if moment is not None and moment <= at:
            documents.append(compact({"id": kind, "documentType": kind, "title": title,
                                      "description": reason, "datePublished": iso(moment)}))
    return documents


def _enquiries(opportunity, at: datetime) -> list[dict]:
    """Answered questions only, without who asked (the portal publishes them that way)."""
    return [{"id": str(q.id), "date": iso(q.asked_at), "description": q.question,
             "answer": q.answer, "dateAnswered": iso(q.answered_at)}
            for q in opportunity.answered_questions if q.answered_at <= at]


def _sustainability(opportunity) -> list[dict]:
    """Social clauses, where the sustainability extension's readers look for them."""
    strategies = ["contractPerformanceConditions"]
    if any(criterion.kind == "social-value" for criterion in opportunity.criteria):
        strategies.append("awardCriteria")
    return [{"goal": GOALS.get(clause.clause_type_code, "social"), "strategies": strategies,
             "description": f"{clause.clause_type.name}: {clause.requirement} At least "
                            f"{clause.minimum.normalize():f} {clause.unit_label}."}
            for clause in opportunity.social_clauses]


def tender(opportunity, at: datetime) -> dict:
    """The tender as the public could read it at `at`."""
    count = amendments_by(opportunity, at)
    values = values_after(opportunity, count)
    enquiries = _enquiries(opportunity, at)
    published = iso(opportunity.published_at)
    return compact({
        "id": str(opportunity.id), "title": values["title"], "description": values["summary"],
        "status": status_at(opportunity, at),
        "procuringEntity": reference(opportunity.organisation),
        "value": money(values["value_max"]), "minValue": money(values["value_min"]),
        "procurementMethod": "open", "mainProcurementCategory": "services",
        "awardCriteria": "ratedCriteria", "awardCriteriaDetails": _criteria(opportunity),
        "submissionMethod": ["electronicSubmission"],
        "tenderPeriod": compact({"startDate": published,
                                 "endDate": iso(values["closes_at"])}),
        "enquiryPeriod": compact({"startDate": published,
                                  "endDate": iso(values["questions_close_at"])}),
        "hasEnquiries": bool(enquiries), "enquiries": enquiries,
        "numberOfTenderers": (submitted_bid_count(opportunity.id)
                              if permissions.bids_received_is_public(opportunity, at)
                              else None),
        "documents": _documents(opportunity, at),
        "amendments": [_amendment(opportunity, index) for index in range(count)],
        "targets": tender_targets(opportunity),
        "hasSustainability": bool(opportunity.social_clauses),
        "sustainability": _sustainability(opportunity),
    })
