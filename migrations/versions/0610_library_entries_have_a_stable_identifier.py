"""library entries have a stable identifier

Revision ID: 0610
Revises: 0500
Create Date: 2026-12-02

Each entry gets an identifier that `flask library import` matches on, so importing the same
file twice updates entries in place. Existing entries get a new UUID each.

No batch operation: on SQLite a batch rebuilds the table, and dropping the old copy with
foreign keys enforced would cascade to the entries' client groups, outcomes, areas and
impacts. Adding a column and a unique index need no rebuild. SQLite keeps the column's
empty server default (a second insert without an identifier would fail the unique index).
"""
import uuid

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0610'
down_revision = '0600'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('library_entry', sa.Column('identifier', sa.String(length=100),
                                             nullable=False, server_default=''))
    entries = sa.table('library_entry', sa.column('id', sa.Integer),
                       sa.column('identifier', sa.String))
    bind = op.get_bind()
    for entry_id in bind.execute(sa.select(entries.c.id)).scalars().all():
        bind.execute(entries.update().where(entries.c.id == entry_id)
                     .values(identifier=str(uuid.uuid4())))
    if bind.dialect.name != 'sqlite':
        op.alter_column('library_entry', 'identifier', server_default=None)
    op.create_index(op.f('ix_library_entry_identifier'), 'library_entry', ['identifier'],
                    unique=True)


def downgrade():
    op.drop_index(op.f('ix_library_entry_identifier'), table_name='library_entry')
    op.drop_column('library_entry', 'identifier')
