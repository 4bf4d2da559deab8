"""Demo practice library entries for `make run`: every indicator, every evidence level."""

# (title, summary, service, delivered by, commissioned by, local areas, start, end, cost,
#  rating, impacts [(indicator, baseline %, result %, cohort)])
_ENTRIES = [
    ("Housing first for prison leavers",
     "Prison leavers with nowhere to go got a tenancy on release and a support worker who stayed.",
     "A support worker met each person before release, secured a private rented tenancy and "
     "visited weekly for a year. Rent deposits came from a bond scheme.",
     "Step Forward Housing", "Greater Manchester Probation Trust", ["Manchester", "Salford"],
     "2007-04-01", "2009-03-31", 2400, 3, [("NI 143", 71.0, 84.5, 212)]),
    ("Through-the-gate employment coaching",
     "Coaches started work with offenders in custody and carried on after release until they "
     "were in a job.", "Employment coaches, CV workshops, and links to local employers "
     "pledging interviews. Job starts were followed up for 13 weeks.",
     "Routes to Work CIC", "Greater Manchester Probation Trust", ["Manchester"],
     "2008-01-01", "2009-03-31", 1800, 2, [("NI 144", 32.0, 41.0, 160)]),
    ("Supported employment for adults with learning disabilities",
     "Job coaches found paid work and supported people on the job.",
     "Place-then-train supported employment: vocational profiling, job finding, job carving "
     "with the employer and on-site coaching that faded over six months.",
     "Open Door Community Group", "Leeds City Council", ["Leeds"],
     "2006-09-01", "2009-03-31", 3200, 4, [("NI 146", 6.1, 11.4, 98)]),
    ("Shared lives placements",
     "Adults with learning disabilities moved from residential care into family homes.",
     "Approved carers shared their homes and family life with an adult, with training and "
     "respite from the scheme.", "Shared Lives North", "Cumbria County Council",
     ["Cumbria"], "2007-04-01", "2009-03-31", 9500, 3,
     [("NI 145", 58.0, 66.0, 75)]),
    ("Staying put with foster carers after 18",
     "Care leavers stayed with their foster family until 21 if they wanted to.",
     "Foster carers were paid a retainer to keep young people on after 18, with a personal "
     "adviser planning each move on.", "Kent County Council Leaving Care Service",
     "Kent County Council", ["Kent"], "2008-04-01", "2010-03-31", 5200, 3,
     [("NI 147", 83.0, 91.0, 140), ("NI 148", 60.0, 66.5, 140)]),
    ("Care leaver apprenticeships in the council",
     "The council ring-fenced apprenticeships for its own care leavers.",
     "Twenty apprenticeships a year across council services, with a mentor and a guaranteed "
     "interview for a permanent post.", "Birmingham City Council",
     "Birmingham City Council", ["Birmingham"], "2008-09-01", "2010-08-31", 7600, 2,
     [("NI 148", 55.0, 63.0, 40)]),
    ("Individual placement and support (IPS)",
     "Employment specialists joined community mental health teams.",
     "IPS: rapid job search, no readiness tests, employer engagement and unlimited in-work "
     "support, embedded in the care team.", "South London and Maudsley NHS Foundation Trust",
     "Southwark", ["Southwark", "Lambeth"], "2006-04-01", "2009-03-31", 2900, 5,
     [("NI 150", 4.5, 12.8, 300)]),
    ("Mental health tenancy sustainment",
     "Floating support kept people in contact with mental health services in their homes.",
     "Tenancy support workers helped with bills, neighbours and benefits, and raised early "
     "warnings with the care coordinator.", "Together Housing Support",
     "Sheffield City Council", ["Sheffield"], "2007-04-01", "2009-03-31", 1500, 3,
     [("NI 149", 52.0, 61.5, 260)]),
    ("Peer mentors for young people leaving care",
     "Older care leavers mentored younger ones through the move to independence.",
     "Trained peer mentors met weekly, helped with budgeting and college applications, and "
     "joined pathway plan reviews.", "Become North", "Newcastle upon Tyne City Council",
     ["Newcastle upon Tyne"], "2008-01-01", "2009-12-31", 900, 1, []),
    ("Employment fund for offenders on community orders",
     "Small grants paid for work clothes, tools, travel and licences.",
     "A probation officer could award up to £300 towards the first costs of a job or course.",
     "Greater Manchester Probation Trust", "Greater Manchester Probation Trust",
     ["Manchester", "Bolton", "Wigan"], "2008-04-01", "2009-03-31", 220, 2,
     [("NI 144", 35.0, 38.5, 520)]),
    ("Accommodation hub at the probation office",
     "A housing adviser sat in the probation office three days a week.",
     "Same-day housing advice, referrals to hostels and private landlords, and help with "
     "housing benefit claims.", "Shelter Bristol", "Bristol City Council", ["Bristol, City of"],
     "2007-10-01", "2009-03-31", 350, 2, [("NI 143", 76.0, 80.0, 410)]),
    ("Supported living for adults leaving long-stay hospital",
     "Adults with learning disabilities moved from hospital into their own tenancies.",
     "Person-centred planning, adapted flats in ordinary streets and 24-hour support that "
     "reduced as people settled.", "Dimensions", "Norfolk County Council", ["Norfolk"],
     "2006-04-01", "2009-03-31", 42000, 4, [("NI 145", 49.0, 70.0, 36)]),
    ("Work trials with local employers",
     "Unpaid two-week trials led to paid jobs for adults with learning disabilities.",
     "Employers agreed to a trial with a job coach present; most trials ended with an offer.",
     "Mencap Employment", "Devon County Council", ["Devon", "Plymouth"],
     "2007-04-01", "2009-03-31", 1100, 2, [("NI 146", 5.0, 7.2, 120)]),
    ("Clubhouse for people recovering from mental illness",
     "Members ran the clubhouse together and moved on to transitional employment.",
     "A clubhouse on the Fountain House model with a work-ordered day and transitional "
     "employment placements.", "Mosaic Clubhouse", "Lambeth", ["Lambeth"],
     "2007-01-01", "2009-12-31", 2600, 3, [("NI 150", 6.0, 9.5, 180)]),
    ("Hospital discharge housing team",
     "Nobody left a mental health ward without a place to live.",
     "Housing officers joined ward rounds and began planning accommodation at admission.",
     "Leeds Partnerships NHS Foundation Trust", "Leeds City Council", ["Leeds"],
     "2008-04-01", "2010-03-31", 600, 3, [("NI 149", 55.0, 63.0, 330)]),
    ("Care leavers into further education",
     "Bursaries and a named college tutor kept care leavers on their courses.",
     "A £2,000 bursary, help with travel and a named tutor who met the personal adviser "
     "each term.", "Nottingham College", "Nottingham City Council", ["Nottingham"],
     "2007-09-01", "2009-07-31", 2700, 3, [("NI 148", 57.0, 62.0, 88)]),
    ("Supported lodgings for 16 to 21 year olds",
     "Care leavers lodged with trained hosts instead of hostels.",
     "Hosts offered a room and guidance in daily living skills, with weekly support "
     "worker visits.", "Barnardo's", "Leicestershire County Council", ["Leicestershire"],
     "2006-04-01", "2009-03-31", 4100, 4, [("NI 147", 78.0, 90.0, 150)]),
    ("Replicated IPS across three trusts",
     "The same IPS model worked in three different places.",
     "Three trusts followed one IPS fidelity scale, with shared training and an independent "
     "evaluation across all sites.", "Centre for Mental Health",
     "Department of Health", ["Birmingham", "Sheffield", "Southwark"],
     "2007-04-01", "2010-03-31", 2750, 5,
     [("NI 150", 5.0, 13.0, 620), ("NI 149", 57.0, 60.0, 620)]),
    ("Women's centre for offenders",
     "Women on community orders attended a centre with housing, work and health help.",
     "A one-stop centre: key worker, housing advice, employability courses and a creche.",
     "Together Women", "Leeds City Council", ["Leeds", "Bradford"],
     "2007-04-01", "2009-03-31", 1300, 3,
     [("NI 143", 74.0, 82.0, 240), ("NI 144", 26.0, 31.0, 240)]),
    ("Day opportunities redesign",
     "A day centre became a base for college, work experience and volunteering.",
     "Staff supported people to use ordinary community places rather than the centre.",
     "Oldham Council Adult Services", "Oldham", ["Oldham"],
     "2008-04-01", "2010-03-31", 5800, 1, [("NI 146", 3.0, 3.4, 140)]),
    ("Rent deposit scheme for offenders",
     "A deposit guarantee opened the private rented sector to people on licence.",
     "The scheme guaranteed deposits and offered landlords a named contact for problems.",
     "Nacro", "Greater Manchester Probation Trust", ["Salford", "Trafford"],
     "2008-04-01", "2009-09-30", 450, 2, [("NI 143", 72.0, 70.5, 180)]),
    ("Learning disability housing register",
     "One register matched adults with learning disabilities to suitable homes.",
     "Housing and social care shared one register and a panel that met monthly.",
     "Hertfordshire County Council", "Hertfordshire County Council", ["Hertfordshire"],
     "2007-04-01", "2009-03-31", 300, 2, [("NI 145", 61.0, 65.0, 410)]),
]

_GROUP = {"NI 143": "offenders", "NI 144": "offenders", "NI 145": "learning-disabilities",
          "NI 146": "learning-disabilities", "NI 147": "care-leavers", "NI 148": "care-leavers",
          "NI 149": "mental-health", "NI 150": "mental-health"}
_OUTCOME = {"NI 143": "accommodation", "NI 144": "eet", "NI 145": "accommodation",
            "NI 146": "eet", "NI 147": "accommodation", "NI 148": "eet",
            "NI 149": "accommodation", "NI 150": "eet"}

ENTRIES = [
    {
        "title": title, "summary": summary, "service": service,
        "client_groups": sorted({_GROUP[i] for i, *_ in impacts}) or ["care-leavers"],
        "outcomes": sorted({_OUTCOME[i] for i, *_ in impacts}) or ["accommodation", "eet"],
        "local_areas": areas, "delivered_by": delivered_by, "commissioned_by": commissioned_by,
        "period_start": start, "period_end": end, "cost_per_person_gbp": cost,
        "evidence_rating": rating, "sources": [],
        "impacts": [{"indicator": i, "baseline_pct": b, "baseline_period": "2006/07",
                     "result_pct": r, "result_period": "2008/09", "cohort": n}
                    for i, b, r, n in impacts],
    }
    for (title, summary, service, delivered_by, commissioned_by, areas, start, end, cost, rating,
         impacts) in _ENTRIES
]

# Entries whose service drew on innovations in the demo exchange (cited by title here,
# by number once loaded).
CITES = {
    "Rent deposit scheme for offenders": ["Tenancy-ready course in probation offices"],
    "Replicated IPS across three trusts": ["Individual placement and support in primary care"],
    "Supported lodgings for 16 to 21 year olds": ["Supported lodgings with trained hosts"],
    "Care leaver apprenticeships in the council": ["Care leavers' apprenticeship ring-fence",
                                                   "Employer mentors for care leavers"],
}
