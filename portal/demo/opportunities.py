"""Demo opportunities for `make run`: twelve specifications across the four client
groups, open and closed, in several regions, with criteria, clauses and Q&A."""

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from portal import clock
from portal.contracts.schedule import fit_to_end
from portal.extensions import db
from portal.models import (
    AwardIntention,
    Bid,
    BidVersion,
    Challenge,
    ClarificationQuestion,
    ClientGroup,
    Contract,
    ContractVariation,
    EvaluationCriterion,
    LocalArea,
    Opportunity,
    OpportunityIndicator,
    OpportunitySocialClause,
    Organisation,
    Outcome,
    OutcomeReport,
    OutcomeResult,
    PanelMember,
    PanelScore,
    Score,
    ServiceListing,
    User,
)

SPEC = """## The service we want

{summary}

## Who it is for

{group}, referred by our services and partners. We expect about {cohort} people a year.

## What good looks like

* More people in the outcome we are measured on ({indicator}).
* People say the service treats them with respect.
* Partnerships with local employers, landlords and colleges.

## How we will work with you

Quarterly review meetings, shared outcome data and a named contact in our team.
"""

# title, summary, group, outcome, indicator, from, to, cohort, area codes, value, days to close
OPPORTUNITIES = [
    ("Supported lodgings for young people leaving care",
     "Host families offering a room and support to care leavers aged 18 to 21.",
     "care-leavers", "accommodation", "NI 147", 86, 92, 90, ["E08000003", "E08000007"],
     (180_000, 240_000), 21),
    ("Care leavers into work: pre-employment and job coaching",
     "Job coaching, work tasters and in-work support for care leavers aged 19 to 21.",
     "care-leavers", "eet", "NI 148", 58, 65, 120, ["E08000003"], (150_000, 210_000), 14),
    ("Apprenticeship brokerage for care leavers",
     "Brokering apprenticeships with local employers, with mentoring for the first year.",
     "care-leavers", "eet", "NI 148", 55, 62, 80, ["E08000035", "E08000032"],
     (90_000, 130_000), 30),
    ("Housing advice and tenancy sustainment for people on probation",
     "Housing advice at the start of an order and support to keep a tenancy.",
     "offenders", "accommodation", "NI 143", 77, 84, 400, ["E08000003", "E08000009"],
     (300_000, 420_000), 10),
    ("Employment support for offenders under probation supervision",
     "Employment, training and education support alongside supervision.",
     "offenders", "eet", "NI 144", 35, 42, 350, ["E10000017"], (250_000, 320_000), 45),
    ("Women's centre: housing and work for women on probation",
     "A women-only service combining housing, work and wellbeing support.",
     "offenders", "accommodation", "NI 143", 74, 82, 150, ["E09000028", "E09000022"],
     (200_000, 260_000), -400),
    ("Individual placement and support for mental health service users",
     "Employment specialists in community mental health teams, following IPS fidelity.",
     "mental-health", "eet", "NI 150", 8, 13, 200, ["E08000035"], (220_000, 300_000), 25),
    ("Move-on accommodation from mental health supported housing",
     "Helping people move from supported housing into their own tenancy, with floating support.",
     "mental-health", "accommodation", "NI 149", 58, 66, 110, ["E06000023"],
     (140_000, 190_000), -200),
    ("Peer support into education for adults with mental health needs",
     "Peer mentors helping adults back into learning at college and in the community.",
     "mental-health", "eet", "NI 150", 7, 10, 90, ["E06000026"], (60_000, 90_000), 40),
    ("Supported employment for adults with learning disabilities",
     "Job finding, job carving and in-work support for adults with learning disabilities.",
     "learning-disabilities", "eet", "NI 146", 6, 10, 120, ["E10000020"],
     (170_000, 230_000), 18),
    ("Shared lives: settled homes for adults with learning disabilities",
     "Shared lives carers offering long-term homes in the community.",
     "learning-disabilities", "accommodation", "NI 145", 62, 70, 60, ["E10000016"],
     (120_000, 160_000), -3),
    ("Tenancy support for adults with learning disabilities moving from residential care",
     "Support to move from residential care into a settled home of their own.",
     "learning-disabilities", "accommodation", "NI 145", 60, 68, 45, ["E08000025"],
     (130_000, 175_000), 35),
    ("Floating support for care leavers in their first tenancy",
     "Visiting support so care leavers keep their first home, from 18 to 25.",
     "care-leavers", "accommodation", "NI 147", 84, 90, 80, ["E08000003"],
     (100_000, 140_000), -12),
]


def _criteria(group_name: str) -> list[EvaluationCriterion]:
    return [
        EvaluationCriterion(kind="quality", title="Service model", weight=40, position=1,
                            word_limit=1000,
                            question=f"How will your service improve outcomes for {group_name}?"),
        EvaluationCriterion(kind="quality", title="Partnerships", weight=15, position=2,
                            word_limit=500,
                            question="Which local partners will you work with, and how?"),
        EvaluationCriterion(kind="price", title="Price", weight=30, position=3),
        EvaluationCriterion(kind="social-value", title="Social value", weight=15, position=4,
                            word_limit=500,
                            question="What social value will the contract create locally?"),
    ]


def _clauses() -> list[OpportunitySocialClause]:
    return [
        OpportunitySocialClause(clause_type_code="targeted-recruitment", unit="people",
                                minimum=Decimal(2), requirement=(
                                    "Recruit people with lived experience into paid roles.")),
        OpportunitySocialClause(clause_type_code="co-production", unit="hours",
                                minimum=Decimal(40), requirement=(
                                    "Involve people who use the service in reviewing it.")),
    ]


def load() -> None:
    """Add the demo opportunities for the demo commissioning bodies."""
    now = clock.now().replace(minute=0, second=0, microsecond=0)
    buyers = {o.kind: o for o in db.session.scalars(select(Organisation).where(
        Organisation.kind.in_(("local-authority", "probation-trust"))))}
    author = db.session.scalar(select(User).where(User.email == "commissioner@example.org"))
    provider = db.session.scalar(select(User).where(User.email == "provider@example.org"))
    for number, row in enumerate(OPPORTUNITIES):
        (title, summary, group, outcome, code, before, after, cohort, areas, value,
         days) = row
        group_row = db.session.get(ClientGroup, group)
        closes_at = now + timedelta(days=days) + timedelta(hours=17 - now.hour)
        opportunity = Opportunity(
            organisation=buyers["probation-trust" if group == "offenders" else "local-authority"],
            created_by_id=author.id, title=title, summary=summary,
            specification=SPEC.format(summary=summary, group=group_row.name, cohort=cohort,
                                      indicator=code),
            value_min=value[0], value_max=value[1], duration_months=24 + 12 * (number % 2),
            questions_close_at=closes_at - timedelta(days=7), closes_at=closes_at,
            published_at=(closes_at - timedelta(days=45) if days < 0
                          else now - timedelta(days=10 + number)),
            client_groups=[group_row], outcomes=[db.session.get(Outcome, outcome)],
            local_areas=[db.session.get(LocalArea, area) for area in areas],
            indicators=[OpportunityIndicator(indicator_code=code, baseline_pct=Decimal(before),
                                             target_pct=Decimal(after), cohort_size=cohort)],
            criteria=_criteria(group_row.name.lower()), social_clauses=_clauses(),
        )
        db.session.add(opportunity)
        if number % 3 == 0:
            opportunity.questions.append(ClarificationQuestion(
                asked_by_id=provider.id, organisation_id=provider.organisation_id,
                asked_at=now - timedelta(days=5),
                question="Can a partnership of two small charities bid together?",
                answer="Yes. Name a lead organisation that will hold the contract.",
                answered_at=now - timedelta(days=4), answered_by_id=author.id))
    db.session.flush()


def _submitted_bid(opportunity: Opportunity, organisation: Organisation, value: int,
                   author: User) -> Bid:
    """A bid submitted two days before the deadline, committing a little over each minimum."""
    submitter = organisation.members[0] if organisation.members else author
    bid = Bid(opportunity=opportunity, organisation=organisation, created_by_id=submitter.id,
              status="submitted", submitted_at=opportunity.closes_at - timedelta(days=2))
    bid.versions.append(BidVersion(
        number=1, submitted_at=bid.submitted_at, submitted_by_id=submitter.id,
        content={"price": f"{value}.00", "evidence": [], "attachments": [],
                 "responses": {str(c.id): "Weekly key-worker sessions, a named contact and "
                               "a plan agreed with each person." for c in opportunity.criteria
                               if c.kind != "price"},
                 "commitments": {str(c.id): str(c.minimum + 1)
                                 for c in opportunity.social_clauses},
                 "improvements": {str(t.id): {"expected_pct": str(t.target_pct),
                                              "people": t.cohort_size}
                                  for t in opportunity.indicators}}))
    db.session.add(bid)
    return bid


# Each evaluator's own scores on the panel's opportunity, per bidder (service model,
# partnerships, price (None: by formula), social value): the chair and the probation officer
# disagree on the first bid's service model by 2.
PANEL_SCORES = {
    "commissioner@example.org": {"Step Forward Housing": (4, 3, None, 3),
                                 "Second Chance Enterprises": (3, 3, None, 3)},
    "probation@example.org": {"Step Forward Housing": (2, 3, None, 3),
                              "Second Chance Enterprises": (3, 2, None, 2)},
}


def _seat_panel(opportunity: Opportunity, people: dict) -> User:
    """Cara chairs and Priya sits; both accepted, and declared no conflict after closing."""
    chair = people["commissioner@example.org"]
    for email, user in people.items():
        db.session.add(PanelMember(
            opportunity=opportunity, email=email, user_id=user.id, invited_by_id=chair.id,
            role="chair" if user is chair else "member", accepted_at=opportunity.published_at,
            declared_at=opportunity.closes_at + timedelta(hours=20)))
    return chair


def load_panel() -> None:
    """A panel on the opportunity that closed three days ago: Cara chairs, Priya from the
    probation trust sits on it; both declared no conflict and scored alone, so the chair
    (commissioner@example.org) has two bids to moderate, one with a disagreement."""
    opportunity = db.session.scalar(select(Opportunity).where(
        Opportunity.title.startswith("Shared lives")))
    people = {u.email: u for u in db.session.scalars(select(User).where(
        User.email.in_(PANEL_SCORES)))}
    chair = _seat_panel(opportunity, people)
    for name, share in (("Step Forward Housing", 0.95), ("Second Chance Enterprises", 0.85)):
        organisation = db.session.scalar(select(Organisation).where(Organisation.name == name))
        bid = _submitted_bid(opportunity, organisation, int(opportunity.value_max * share), chair)
        _panel_scores(opportunity, bid, people,
                      {email: scores[name] for email, scores in PANEL_SCORES.items()})
    db.session.flush()


def _panel_scores(opportunity: Opportunity, bid: Bid, people: dict, scores: dict) -> None:
    """Each panel member's own scores for one bid, from PANEL_SCORES-like rows."""
    for email, row in scores.items():
        for criterion, score in zip(opportunity.criteria, row, strict=True):
            comment = "" if score is None else (
                "Strong local links." if score > 2 else "Thin on move-on planning.")
            db.session.add(PanelScore(bid=bid, criterion_id=criterion.id, score=score,
                                      evaluator_id=people[email].id, comment=comment))


def load_standstill() -> None:
    """The care leavers' floating support closed twelve days ago: the same panel scored it,
    the chair recorded the consensus and notified the intention to award to Step Forward
    Housing three days ago; Second Chance Enterprises has challenged, and the challenge is
    open, so the award cannot be confirmed yet."""
    opportunity = db.session.scalar(select(Opportunity).where(
        Opportunity.title.startswith("Floating support")))
    people = {u.email: u for u in db.session.scalars(select(User).where(
        User.email.in_(PANEL_SCORES)))}
    chair = _seat_panel(opportunity, people)
    bids = {}
    for name, share in (("Step Forward Housing", 0.9), ("Second Chance Enterprises", 0.8)):
        organisation = db.session.scalar(select(Organisation).where(Organisation.name == name))
        bid = bids[name] = _submitted_bid(opportunity, organisation,
                                          int(opportunity.value_max * share), chair)
        row = PANEL_SCORES["commissioner@example.org"][name]
        _panel_scores(opportunity, bid, people, {e: row for e in people})
        for criterion, score in zip(opportunity.criteria, row, strict=True):
            if score is not None:
                bid.scores.append(Score(criterion_id=criterion.id, score=score,
                                        scored_by_id=chair.id, comment="The panel agreed."))
    notified = clock.now().replace(minute=0, second=0, microsecond=0) - timedelta(days=3)
    intention = AwardIntention(
        opportunity=opportunity, bid=bids["Step Forward Housing"], notified_at=notified,
        starts_on=(notified + timedelta(days=40)).date(), notified_by_id=chair.id,
        ends_on=(notified + timedelta(days=770)).date(),
        advantages="A stronger plan for keeping tenancies going, and named landlords.")
    db.session.add(intention)
    challenger = db.session.scalar(select(User).where(User.email == "enterprise@example.org"))
    intention.challenges.append(Challenge(
        bid=bids["Second Chance Enterprises"], raised_by_id=challenger.id,
        raised_at=notified + timedelta(days=1),
        grounds="Our partnership score does not reflect the landlord agreements we attached."))
    db.session.flush()


def _listing(contract: Contract) -> None:
    """The first demo contract says how to get referred; the second leaves the directory to
    show what a person sees when a provider has not."""
    writer = contract.organisation.members[0] if contract.organisation.members else None
    db.session.add(ServiceListing(
        contract=contract, name=f"Finding a home with {contract.organisation.name}",
        description=("A named worker helps you find somewhere settled to live and keep it: "
                     "viewing flats with you, sorting out the deposit and the benefits, and "
                     "staying in touch for the first six months."),
        how_to_refer=("Your probation officer, personal adviser, care coordinator or social "
                      "worker can refer you by phone or email.\nYou can also ring us yourself "
                      "between 9am and 5pm, Monday to Friday."),
        self_referral=True, phone="0161 496 0000", email="referrals@example.org",
        website="https://www.example.org/housing",
        updated_by_id=writer.id if writer else contract.awarded_by_id))


def load_awards() -> None:
    """Two closed opportunities awarded, with scored bids, a reporting schedule and a confirmed
    outcome report: the older has a report waiting and one overdue, the newer an extension."""
    now = clock.now().replace(minute=0, second=0, microsecond=0)
    bidders = [db.session.scalar(select(Organisation).where(Organisation.name == name))
               for name in ("Step Forward Housing", "Routes to Work CIC")]
    author = db.session.scalar(select(User).where(User.email == "commissioner@example.org"))
    closed = [o for o in db.session.scalars(select(Opportunity).order_by(Opportunity.id))
              if o.status == "closed" and o.closes_at < now - timedelta(days=100)]
    for opportunity in closed:
        bids = []
        for rank, (organisation, price) in enumerate(zip(bidders, (0.9, 0.8), strict=True)):
            value = int(opportunity.value_max * price)
            bid = _submitted_bid(opportunity, organisation, value, author)
            bid.outcome = "successful" if rank == 0 else "unsuccessful"
            bid.feedback = ("A clear, well-evidenced model." if rank == 0 else
                            "Good value, but the plan for partnerships was thin.")
            for criterion in opportunity.criteria:
                if criterion.kind != "price":
                    bid.scores.append(Score(criterion_id=criterion.id, score=4 - rank,
                                            scored_by_id=author.id, comment=""))
            db.session.add(bid)
            bids.append((bid, value))
        winner, value = bids[0]
        opportunity.awarded_at = opportunity.closes_at + timedelta(days=5)
        contract = Contract(opportunity=opportunity, bid=winner,
                            organisation=winner.organisation, value=value,
                            starts_on=(opportunity.closes_at + timedelta(days=30)).date(),
                            ends_on=(opportunity.closes_at + timedelta(days=760)).date(),
                            awarded_at=opportunity.awarded_at, awarded_by_id=author.id,
                            winning_score=86)
        contract.derive_schedule()
        db.session.add(contract)
        if not closed.index(opportunity):
            _listing(contract)
        target = opportunity.indicators[0]
        report = OutcomeReport(contract=contract, period_start=contract.starts_on,
                               period_end=contract.starts_on + timedelta(days=60),
                               status="confirmed", submitted_by_id=author.id,
                               decided_at=now, decided_by_id=author.id,
                               period=contract.periods[0],
                               notes="First quarter: referrals took a month to build up.")
        report.results.append(OutcomeResult(target_id=target.id, worked_with=30,
                                            achieved=int(30 * float(target.target_pct) / 100)))
        db.session.add(report)
    db.session.flush()
    _report_waiting(closed[0].contract, author, now)
    _extension(closed[-1].contract, author, now)


def _report_waiting(contract: Contract, author: User, now) -> None:
    """The older contract's second quarter is reported and waits for the commissioner, so
    its third quarter, past its due date, shows as overdue to both sides."""
    second = contract.periods[1]
    report = OutcomeReport(contract=contract, period=second, period_start=second.starts_on,
                           period_end=second.ends_on, status="submitted",
                           submitted_by_id=author.id, submitted_at=now - timedelta(days=100),
                           notes="Second quarter: two new landlords signed up.")
    target = contract.opportunity.indicators[0]
    report.results.append(OutcomeResult(target_id=target.id, worked_with=52, achieved=40))
    db.session.add(report)
    db.session.flush()


def _extension(contract: Contract, author: User, now) -> None:
    """The newer contract was extended by six months with more money: a public variation."""
    variation = ContractVariation(
        effective_on=now.date() - timedelta(days=10), recorded_at=now - timedelta(days=10),
        recorded_by_id=author.id, value_before=contract.value,
        value_after=(contract.value * Decimal("1.2")).quantize(Decimal("1")),
        ends_on_before=contract.ends_on, ends_on_after=contract.ends_on + timedelta(days=182),
        reason="Extended by six months while the service is recommissioned, with the value "
               "raised for the extra months.")
    contract.variations.append(variation)
    contract.value, contract.ends_on = variation.value, variation.ends_on
    fit_to_end(contract, variation.ends_on_before)
    db.session.flush()
