"""a narrow ranking vector for PostgreSQL search: the title's and tag names' words alone

Revision ID: 0960
Revises: 0950
Create Date: 2026-12-03

For SEARCH_BACKEND=postgres. Ranking thousands of matches read each row's whole tsvector,
kept out of line (TOAST): most of a common-word search's time. `ranking` holds the
document's title (A) and tag-name (D) lexemes at their positions in the document, a few
hundred bytes kept in the row (STORAGE MAIN), so every match is pre-ranked on it and only
the best thousand read the whole vector (portal/search/postgres/query.py). A generated
column: PostgreSQL fills it from `document` for existing rows (rewriting the table once)
and keeps it in step with every write, so the writer does not change. On SQLite (where
search is Whoosh) this does nothing.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0960'
down_revision = '0950'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE search_document ADD COLUMN ranking tsvector NOT NULL "
               "GENERATED ALWAYS AS (ts_filter(document, '{a,d}')) STORED")
    op.execute("ALTER TABLE search_document ALTER COLUMN ranking SET STORAGE MAIN")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE search_document DROP COLUMN ranking")
