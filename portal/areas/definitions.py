"""What each National Indicator counts and why it matters, in plain English.

Paraphrased from the 2008 National Indicator Set definitions handbook. The titles themselves
are reference data (the `indicator` table); this is the prose the indicator pages add.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Definition:
    definition: str
    counted: str
    why: str


DEFINITIONS = {
    "NI 143": Definition(
        "The percentage of offenders under probation supervision who were living in settled "
        "and suitable accommodation when their order or licence ended.",
        "Adults whose community order, suspended sentence order or licence under probation "
        "supervision ended in the year. Settled means a tenancy, an owned home, or a stable "
        "place with family or friends; hostels and rough sleeping do not count.",
        "A settled home is one of the strongest protections against reoffending. People who "
        "leave supervision with nowhere stable to live reoffend far more often.",
    ),
    "NI 144": Definition(
        "The percentage of offenders under probation supervision who were in employment when "
        "their order or licence ended.",
        "Adults whose community order, suspended sentence order or licence ended in the year. "
        "Paid work of any kind counts, including self-employment.",
        "Work gives income, routine and a stake in staying out of trouble. Employment at the "
        "end of supervision is linked to much lower reoffending.",
    ),
    "NI 145": Definition(
        "The percentage of adults with learning disabilities known to the council who live in "
        "settled accommodation.",
        "Adults aged 18 to 64 with learning disabilities who get support from the council's "
        "adult social care. Settled means their own tenancy or home, living with family, or "
        "supported living; residential care and hospitals do not count.",
        "Living in a home of their own choosing gives people control over their lives and is "
        "usually cheaper than residential care.",
    ),
    "NI 146": Definition(
        "The percentage of adults with learning disabilities known to the council who are in "
        "paid employment.",
        "Adults aged 18 to 64 with learning disabilities who get support from the council's "
        "adult social care. Any paid work counts, whatever the hours.",
        "Very few adults with learning disabilities have paid work, though many want it. Work "
        "brings income, friends and independence.",
    ),
    "NI 147": Definition(
        "The percentage of care leavers at age 19 who are in suitable accommodation.",
        "Young people who were looked after by the council at 16 and are now 19. Suitable "
        "accommodation is judged by the council's leaving care service; custody and bed and "
        "breakfast are generally not suitable.",
        "Care leavers often lose the support of a family home at 18. A safe, stable place to "
        "live underpins education, work and health.",
    ),
    "NI 148": Definition(
        "The percentage of care leavers at age 19 who are in employment, education or "
        "training.",
        "Young people who were looked after by the council at 16 and are now 19, and who are "
        "in work, education or training on or around their 19th birthday.",
        "Care leavers are far more likely than their peers to be out of work, education and "
        "training at 19, with effects that last a lifetime.",
    ),
    "NI 149": Definition(
        "The percentage of adults in contact with secondary mental health services who live "
        "in settled accommodation.",
        "Adults aged 18 to 69 on the Care Programme Approach with a specialist mental health "
        "service. Settled means a secure home such as a tenancy or an owned home.",
        "A secure home helps recovery and reduces the risk of crisis, admission to hospital "
        "and homelessness.",
    ),
    "NI 150": Definition(
        "The percentage of adults in contact with secondary mental health services who are in "
        "employment.",
        "Adults aged 18 to 69 on the Care Programme Approach with a specialist mental health "
        "service. Paid work of any kind counts.",
        "Most people with severe mental illness want to work, but few do. Work supports "
        "recovery and reduces reliance on benefits.",
    ),
}
