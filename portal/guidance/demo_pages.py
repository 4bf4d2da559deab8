"""The guidance the demo ships, written from the PSA's seed documents (the Social Exclusion
Task Force's 2007 slides and leaflet) and from how commissioning from the voluntary sector
works. Figures are only those the seed documents give, and say so.

Each page is (title, audiences, summary, body, model wording or None); the model wording is
(clause type code, requirement, unit, minimum). Other areas link to some of these pages by
their address (portal/guidance/links.py), which comes from the title.
"""

from datetime import timedelta
from decimal import Decimal

from portal import clock
from portal.guidance import services
from portal.guidance.services import PageContent

ALL = ["commissioners", "providers", "local-strategic-partnerships"]
INDICATORS = [
    (143, "Offenders under probation supervision living in settled and suitable "
          "accommodation at the end of their order or licence"),
    (144, "Offenders under probation supervision in employment at the end of their order "
          "or licence"),
    (145, "Adults with learning disabilities in settled accommodation"),
    (146, "Adults with learning disabilities in employment"),
    (147, "Care leavers in suitable accommodation"),
    (148, "Care leavers in employment, education or training"),
    (149, "Adults in contact with secondary mental health services in settled accommodation"),
    (150, "Adults in contact with secondary mental health services in employment"),
]

ABOUT_PSA = """\
## The aim

The Public Service Agreement (PSA) for socially excluded adults was agreed in the 2007
Comprehensive Spending Review. Its aim is to make sure that the most socially excluded adults
are offered the chance to get back on a path to a more successful life, by increasing the
proportion of them in:

* settled accommodation, and
* employment, education or training.

It was one of about 30 PSAs agreed across government, and the first to focus only on the needs
of the most vulnerable adults. It is delivered by both the statutory and the third sector.

## Why a home and a job

A home and a job are the foundations of normal, everyday life that most people take for
granted. They give excluded adults the footing they need to get their life back on track.
There is no single measure of social exclusion, so the PSA measures it through these two
outcomes for four groups of people.

## The four client groups

The PSA is for four groups of adults who are at a point of transition, such as leaving care
or finishing a prison sentence. Being at that point makes them more likely to fall into
long-term exclusion, but it also means they are in contact with services that can help:

* young people leaving care (measured at age 19)
* adult offenders under probation supervision
* adults in contact with secondary mental health services
* adults with moderate to severe learning disabilities

The Social Exclusion Task Force's 2007 presentation gave some of the reasons: 75% of adults
leave care with no educational qualifications; a third of prisoners about to leave prison
said they had nowhere to stay; 70,000 people with severe mental health problems were on
incapacity benefit; and only 10% of people with learning disabilities in touch with services
were doing any paid work.

## The eight indicators

Two outcomes for four groups make eight National Indicators. Each is a percentage of the
group, and higher is better.

{indicator_table}

The indicators are part of the National Indicator Set for local government, so local areas
can choose them as targets in their Local Area Agreement. Each area's figures are on its
[area page](/areas/).

## How the PSA helps

* **Prevention and early intervention**: it focuses on the transition points where people
  can be helped to avoid long-term exclusion.
* **Joint working**: it sets out one commitment across government to tackle exclusion.
* **Focused resources**: it signals that helping these groups is a government priority.
* **Delivery**: it gives a clear way to manage performance and check progress.

## Who delivers it

Locally: local authorities (especially housing, adult social services and leaving care
services), Jobcentre Plus, primary care trusts, mental health trusts, probation services,
the third sector and local employers.

Centrally: the Cabinet Office (the lead department, through the Social Exclusion Task Force),
the Department for Work and Pensions, Communities and Local Government, the Ministry of
Justice, the Department of Health, the Department for Children, Schools and Families and the
Department for Innovation, Universities and Skills.

## The role of the third sector

Charities, social enterprises and community groups can:

* be commissioned to deliver services that meet the complex needs of the most excluded
* help public services understand what works and develop new approaches
* help socially excluded groups hold services to account
* help people who are not in contact with statutory services to reach them

This portal exists for that work: commissioning, the Innovation Exchange, the practice
library, and the indicator figures for each area.
""".format(indicator_table="\n".join(
    ["| Indicator | What it measures |", "| --- | --- |"]
    + [f"| NI {number} | {title} |" for number, title in INDICATORS]))

COMMISSIONING = """\
Voluntary and community organisations are often closest to the people the PSA is for. Many
are small. These are the choices that decide whether they can take part.

## Grant or contract?

* A **grant** funds an organisation to do something it has chosen to do, within conditions
  you set. It suits work you want to exist but cannot specify closely: outreach, new ideas,
  building a group's strength.
* A **contract** buys a service you have specified, with outcomes you can enforce. It suits a
  service you know you need, such as floating support for people leaving prison.

Decide which you mean before you start. A grant written like a contract carries the
obligations of a contract without its clarity; a contract used as a grant may break
procurement law.

## Keep requirements proportionate

Ask only for what tells you whether a provider can deliver this service safely and well.

* Ask for the financial information that matches the risk. Do not set a turnover far above
  the contract's value, and accept other evidence from new or small organisations.
* Match insurance levels to the risks of the service, and let providers arrange cover
  once they win, rather than before they bid.
* Ask each question once. Do not ask for policies you will never read.
* Give enough time: small organisations write bids around the work they already do.

## Use lots

Dividing a contract into **lots** (by area, by client group or by part of the service) lets
smaller organisations bid for the part they know. Say whether a provider may bid for one lot
or several, and whether groups of organisations may bid together as a consortium or with
one lead and several subcontractors.

## Know the procurement rules that apply

Many health, social and education services are "light touch" services. Above the threshold,
you must still advertise the contract and treat providers fairly and openly, but you have
much more freedom to design the process: for example, talking with providers as you go,
allowing longer timescales, or taking account of the quality and continuity of the service.
In England the Procurement Act 2023 calls these light touch contracts (from 24 February 2025);
before that, the Public Contracts Regulations 2015 called it the light-touch regime.
Thresholds change every two years, so check the current figure. Health care services that
NHS bodies and local authorities arrange may fall under the Provider Selection Regime
instead. Take advice from your procurement team on which rules apply.

## Pay the full cost

**Full cost recovery** means a provider's price includes a fair share of its overheads:
management, premises, finance, training and the like, not only front-line staff. HM Treasury's
2002 review of the voluntary sector's role in service delivery asked funders to accept this.
A contract that pays only direct costs makes the provider subsidise it from donations and
weakens it over time. Expect bids to include overheads, and score price on the whole cost.

## Plan social value

Under the Public Services (Social Value) Act 2012, when you buy services you must consider
how the contract could improve the economic, social and environmental wellbeing of the area.
Social clauses are one way to do that. See the [model social clause
wording](/guidance/model-social-clause-wording).

## Talk to the market first

Tell providers early what you intend to buy, and ask what would make it work. Publish the
opportunity here so that every organisation sees it at the same time, answer clarification
questions openly, and give feedback to every bidder after the award.
"""

CLAUSES_OVERVIEW = """\
A **social clause** asks the provider of a contract for social value beyond the service
itself: for example, jobs or apprenticeships for people from the PSA's client groups. The
2007 PSA asked government to remove barriers to using them. Under the Public Services (Social
Value) Act 2012, commissioners must consider social value when they buy services.

On this portal each social clause in an opportunity has:

* a **requirement**: what the provider must do, in words that can go into the contract
* a **unit**: people, hours, weeks or per cent of contract value
* a **minimum**: the least a bid may commit to

Each bid then commits a quantity for each clause, at least the minimum, and the winning
provider reports what it delivered against that commitment.

## Model wording

There is model wording for each clause type, with a sensible minimum for a typical contract.
On an opportunity's social clauses step, choose **Use the model wording** to fill in the
form, then change the wording and minimum to suit the service.

{clause_links}

## Setting the minimum

A minimum should be something a small provider could meet. Scale it to the contract's value
and length: a two-year contract for £150,000 cannot carry the clauses of a ten-year
construction contract. Ask bidders to commit more if they can, and score what they commit
under the social value criterion.

## Checking delivery

Ask for delivery against each clause with each outcome report, and agree at the start what
counts as evidence (for example, a start date and job title for each person recruited).
"""


def _clause(purpose: str, evidence: str, minimum_note: str) -> str:
    return f"""\
## What it is for

{purpose}

## Setting the minimum

{minimum_note}

## Evidence of delivery

{evidence}

See [model social clause wording](/guidance/model-social-clause-wording) for how social
clauses work on this portal.
"""


CLAUSES = [
    ("Model wording: targeted recruitment and training", "targeted-recruitment",
     "Recruit and train people from the client groups this service is for.",
     _clause("Jobs on the contract go to people the PSA is about: care leavers, offenders "
             "under probation supervision, adults in contact with secondary mental health "
             "services and adults with learning disabilities. It counts towards NI 144, "
             "NI 146, NI 148 and NI 150.",
             "For each person: the client group (recorded with their consent, never by "
             "name in reports), the start date, the job title, the hours and whether they "
             "were still in work after 26 weeks.",
             "Two people over the life of a contract worth a few hundred thousand pounds is "
             "achievable for a small provider. Raise it for larger or longer contracts."),
     "Recruit people from the service's client groups into paid jobs on this contract, "
     "with training and support in work for at least 26 weeks.", "people", Decimal("2")),
    ("Model wording: apprenticeships or work placements", "apprenticeships",
     "Apprenticeships or work placements, offered first to people from the client groups.",
     _clause("Apprenticeships and work placements give people a first step into work. "
             "Offering them first to care leavers and the other client groups links the "
             "contract to the PSA's employment, education or training outcome.",
             "For each placement: the start and end dates, the weeks completed, whether the "
             "person was from a client group, and what they went on to do.",
             "Two placements over the life of the contract is a sensible start; a larger "
             "provider may offer an apprenticeship each year."),
     "Create apprenticeships or work placements of at least four weeks each, offered first "
     "to people from the service's client groups.", "people", Decimal("2")),
    ("Model wording: supply-chain spend with VCSE organisations and small firms",
     "vcse-supply-chain",
     "A share of the contract value spent with voluntary organisations and small firms.",
     _clause("Money spent through the supply chain stays in the local voluntary sector and "
             "small businesses, and brings in specialist help, such as a user-led group "
             "running peer support.",
             "Each quarter: the names of the organisations paid, what for, and the amounts, "
             "as a share of what the contract paid in that quarter.",
             "10% of the contract value is achievable for most services; a provider that is "
             "itself a small charity may meet it through one specialist partner."),
     "Spend at least this share of the contract value with voluntary, community and social "
     "enterprise organisations and small firms, as subcontractors or suppliers.", "percent",
     Decimal("10")),
    ("Model wording: local employment", "local-employment",
     "People employed on the contract who live in the local area.",
     _clause("Local staff know the area's services and landlords, and the wages stay in the "
             "local economy.",
             "The number of people employed on the contract, and how many of them live in "
             "the local authority area, by postcode district, each year.",
             "Three people for a small contract; set it as a share of the staff team the "
             "specification expects."),
     "Employ people who live in the local authority area to deliver this contract.",
     "people", Decimal("3")),
    ("Model wording: volunteering hours", "volunteering",
     "Time staff and volunteers give to local community activity.",
     _clause("Volunteering links the service to community groups that people can join once "
             "the service ends, which helps people keep their home and their job.",
             "The hours given each quarter, to which groups and for what activity.",
             "100 hours a year is within reach of a small team; do not count hours that are "
             "part of the service itself."),
     "Give time from staff and volunteers to community activity in the local area that "
     "supports the service's aims, beyond the service itself.", "hours", Decimal("100")),
    ("Model wording: co-production with people who use the service", "co-production",
     "People who use the service help design, run and review it.",
     _clause("People who use a service know best what works and what does not. Co-production "
             "also supports the third sector's role of helping socially excluded groups to "
             "hold services to account.",
             "The number of people involved each quarter, what they did, what they "
             "advised, and what the provider changed as a result.",
             "Six people taking part over a year is a sensible minimum. Pay them for their "
             "time and expenses, and offer support to take part."),
     "Involve people who use the service in designing, running and reviewing it, through a "
     "group that meets at least every quarter and whose advice, and the provider's response, "
     "are reported.", "people", Decimal("6")),
]

LAA_TARGETS = """\
The eight indicators of the socially excluded adults PSA (NI 143 to NI 150) are in the
National Indicator Set for local government. A Local Strategic Partnership can choose any of
them as targets in its Local Area Agreement (LAA), which it negotiates with its Government
Office.

## Why choose them

The seed documents give the reasons for prioritising these outcomes:

* lower long-term costs of persistent exclusion
* progress on other priorities, such as reducing reoffending and tackling worklessness
* better community cohesion
* a push for joint working with probation, mental health trusts and the third sector

## Start from the baseline

Look at your area's latest value for each indicator on its [area page](/areas/), beside its
region and England. An indicator where your area is well below similar areas may be a good
candidate. Check how many people are behind each percentage: in a small cohort, a change of a
few people moves the figure a lot.

## Set a target you can explain

* **Trajectory**: set a target for each year of the agreement, not only the last.
* **Realistic**: base the rise on what services have achieved elsewhere. The [practice
  library](/library/) shows measured changes in each indicator and the evidence behind them.
* **Owned**: agree who will deliver each target. Housing outcomes (NI 143, 145, 147, 149)
  need housing services and landlords; employment outcomes (NI 144, 146, 148, 150) need
  Jobcentre Plus, employers and colleges.

## Involve the third sector

Charities and community groups often work with people services do not reach. Involve them in
choosing the targets and in the services that will meet them, and commission them on fair
terms (see [commissioning from the voluntary and community
sector](/guidance/commissioning-from-the-voluntary-and-community-sector)).

## Record your targets here

A verified commissioning body can record its area's LAA indicators and yearly targets on the
area page, so everyone can see the distance to target each year.
"""

EVIDENCE = """\
Every practice library entry has one [evidence rating](/library/evidence) from 1 to 5. The
rating says how sure we can be that the service caused the change in its indicators, not how
good the service is.

| Rating | What it needs |
| --- | --- |
| 1 | The service is described; no outcome was measured |
| 2 | A measure before and after |
| 3 | A comparison group that did not get the service |
| 4 | A randomised trial, or a strong quasi-experimental design |
| 5 | The result has been repeated in several places |

## For commissioners

* Weigh the evidence against the risk. A service with a rating of 2 may be worth trying as a
  pilot, with measurement built in; a large long contract deserves stronger evidence.
* Do not exclude new ideas because they have little evidence yet. Ask how the provider will
  measure what changes.
* Compare like with like: a large change at rating 1 tells you less than a small one at
  rating 4.

## For providers

Moving up the scale is mostly about planning measurement from the start:

1. Record where people start (the baseline), using the indicator's definition.
2. Record where they are at the end, and after six or twelve months if you can.
3. Find a comparison: people who were eligible but not served, or the area's own figures.
4. Publish what you found, including what did not work, in the practice library.

When you bid, cite your library entries and innovations as evidence. Say honestly what
rating your evidence has.
"""

HOW_TO_BID = """\
This guide is for small charities and community groups bidding for a contract on this
portal for the first time.

## Before you start

* **Read the whole specification**, including the evaluation criteria and their weights.
  The weights tell you where the marks are.
* **Check you can deliver it.** If the service is too big for you, look for partners to bid
  with, or ask the commissioner whether there will be lots.
* **Ask questions early.** Use the clarification questions on the opportunity before their
  deadline. Questions and answers are published to everyone, without your name.

## Answer the question asked

* Answer each criterion on its own, in the order it asks. An evaluator scores only what is
  written under that question.
* Keep to the word limit.
* Be specific: who you will work with, what you will do, how often, who will do it and how
  you will know it worked.
* Show what you have done before. Cite your published innovations and practice library
  entries, and say what changed for people, in numbers if you have them.

## Price

* **Include your full costs**, including a fair share of overheads (management, premises,
  finance, training). Commissioners are asked to accept full cost recovery.
* Check the price is within the value range in the specification.

## Social clauses

Commit a quantity for each social clause: at least the minimum, and only what you can
deliver. You will report against it during the contract.

## Indicator improvement

Say what improvement you expect in each targeted indicator and why. Base it on your own
results or on library entries for similar services.

## Submitting

* Your bid is sealed: no one outside your organisation can read it before the deadline.
* Submit early. You can amend or withdraw your bid until the deadline; the last version
  submitted is the one that counts.
* Keep the email receipt.

## After the deadline

The commissioner scores each bid from 0 (unacceptable) to 4 (excellent) for each criterion.
Every bidder sees its own scores and the winning score. If you do not win, ask for feedback
and use it next time.
"""

def _clause_links() -> str:
    names = [title.removeprefix("Model wording: ") for title, *_ in CLAUSES]
    return "\n".join(f"* [{name[0].upper()}{name[1:]}](/guidance/{services.slug_base(title)})"
                     for name, (title, *_) in zip(names, CLAUSES, strict=True))


PAGES = [
    ("About the PSA for socially excluded adults", ALL,
     "The aim, the four client groups, the two outcomes, the eight indicators and who "
     "delivers them.", ABOUT_PSA, None),
    ("Commissioning from the voluntary and community sector",
     ["commissioners", "local-strategic-partnerships"],
     "Proportionate requirements, lots, light touch rules, full cost recovery, and grant or "
     "contract.", COMMISSIONING, None),
    ("Model social clause wording", ["commissioners", "providers"],
     "What social clauses are, the model wording for each type, and how to set a minimum.",
     CLAUSES_OVERVIEW.format(clause_links=_clause_links()), None),
    *[(title, ["commissioners", "providers"], summary, body, (code, requirement, unit, minimum))
      for title, code, summary, body, requirement, unit, minimum in CLAUSES],
    ("Negotiating LAA targets for NI 143–150", ["local-strategic-partnerships", "commissioners"],
     "Choosing the PSA's indicators for a Local Area Agreement and setting targets you can "
     "deliver.", LAA_TARGETS, None),
    ("How to use the evidence scale", ALL,
     "What each evidence rating means, and how commissioners and providers should use it.",
     EVIDENCE, None),
    ("How to write a bid", ["providers"],
     "A guide for small charities bidding for a contract for the first time.", HOW_TO_BID,
     None),
]


def page_content(title, audiences, summary, body, model) -> PageContent:
    code, requirement, unit, minimum = model or (None, None, None, None)
    return PageContent(title=title, summary=summary, body=body, audiences=list(audiences),
                       clause_type_code=code, model_requirement=requirement, model_unit=unit,
                       model_minimum=minimum)


# The bid guide was first published without its last section, so the demo has a history.
FIRST_VERSIONS = {"How to write a bid": HOW_TO_BID.split("\n## After the deadline")[0]}
SECOND_NOTE = "Added what happens after the deadline"


def load(actor) -> list:
    """Write and publish every page (reviewed a month ago; the bid guide again today)."""
    today = clock.uk_today()
    pages = []
    for title, audiences, summary, body, model in PAGES:
        first = FIRST_VERSIONS.get(title, body)
        page = services.create_page(page_content(title, audiences, summary, first, model),
                                    actor=actor)
        services.publish(page, reviewed_on=today - timedelta(days=30),
                         change_note="First version", actor=actor)
        if first != body:
            services.update_page(page, page_content(title, audiences, summary, body, model),
                                 actor=actor)
            services.publish(page, reviewed_on=today, change_note=SECOND_NOTE, actor=actor)
        pages.append(page)
    return pages
