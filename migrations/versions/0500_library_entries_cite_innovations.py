"""library entries cite innovations

Revision ID: 0500
Revises: 0400
Create Date: 2026-11-30

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0500'
down_revision = '0400'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('library_entry_innovation',
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('innovation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['library_entry.id'], name=op.f('fk_library_entry_innovation_entry_id_library_entry'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['innovation_id'], ['innovation.id'], name=op.f('fk_library_entry_innovation_innovation_id_innovation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('entry_id', 'innovation_id', name=op.f('pk_library_entry_innovation'))
    )
    with op.batch_alter_table('library_entry_innovation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_library_entry_innovation_innovation_id'), ['innovation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('library_entry_innovation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_library_entry_innovation_innovation_id'))

    op.drop_table('library_entry_innovation')
