"""PostgreSQL search: a narrow ranking vector (the title's and tag names' words alone), and
GIN indexes on the selective facet arrays

Revision ID: 0960
Revises: 0950
Create Date: 2026-12-03

For SEARCH_BACKEND=postgres. Ranking thousands of matches read each row's whole tsvector,
kept out of line (TOAST): most of a common-word search's time. `ranking` holds the
document's title (A) and tag-name (D) lexemes at their positions in the document, a few
hundred bytes kept in the row (STORAGE MAIN), so every match is pre-ranked on it and only
the best thousand read the whole vector (portal/search/postgres/query.py). A generated
column: PostgreSQL fills it from `document` for existing rows (rewriting the table once)
and keeps it in step with every write, so the writer does not change.

A search filtered by client group, indicator or region found every row matching its words
and then dropped those without the value; with an index on each array the planner
intersects the bitmaps first (BitmapAnd) and visits only the rows that pass. Outcomes (two
values, most rows have one or both) and the scalar facets are not selective enough to
pay. On SQLite (where search is Whoosh) this migration does nothing.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0960'
down_revision = '0950'
branch_labels = None
depends_on = None

INDEXED = ("client_group", "indicator", "region")


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE search_document ADD COLUMN ranking tsvector NOT NULL "
               "GENERATED ALWAYS AS (ts_filter(document, '{a,d}')) STORED")
    op.execute("ALTER TABLE search_document ALTER COLUMN ranking SET STORAGE MAIN")
    for name in INDEXED:
        op.execute(f"CREATE INDEX ix_search_document_{name} ON search_document "
                   f"USING gin ({name})")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in INDEXED:
        op.execute(f"DROP INDEX ix_search_document_{name}")
    op.execute("ALTER TABLE search_document DROP COLUMN ranking")
