"""PostgreSQL full-text search

Revision ID: 0800
Revises: 0700
Create Date: 2026-12-02

For SEARCH_BACKEND=postgres (the default on PostgreSQL): one row per public searchable
object, written in the same transaction as the object (portal/search/postgres/), with a
weighted tsvector under a GIN index; and the vocabulary of indexed words, under a trigram
index, for "did you mean". On SQLite (where search is Whoosh) this migration does nothing.
The tables are not models: only the PostgreSQL backend reads them, through SQL.
Afterwards, `flask search reindex` (or `flask deploy`) fills them from the database.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0800'
down_revision = '0700'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("""
        CREATE TABLE search_document (
            kind varchar(20) NOT NULL,
            object_id integer NOT NULL,
            title text NOT NULL,
            body text NOT NULL,
            client_group text[] NOT NULL DEFAULT '{}',
            outcome text[] NOT NULL DEFAULT '{}',
            indicator text[] NOT NULL DEFAULT '{}',
            region text[] NOT NULL DEFAULT '{}',
            evidence text,
            published_at timestamptz,
            closes_at timestamptz,
            improvement double precision,
            document tsvector NOT NULL,
            CONSTRAINT pk_search_document PRIMARY KEY (kind, object_id)
        )""")
    op.execute("CREATE INDEX ix_search_document_document ON search_document "
               "USING gin (document)")
    op.execute("CREATE INDEX ix_search_document_published_at ON search_document "
               "(published_at DESC)")
    op.execute("""
        CREATE TABLE search_word (
            word text NOT NULL,
            CONSTRAINT pk_search_word PRIMARY KEY (word)
        )""")
    op.execute("CREATE INDEX ix_search_word_trigrams ON search_word "
               "USING gin (word gin_trgm_ops)")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE search_word")
    op.execute("DROP TABLE search_document")
