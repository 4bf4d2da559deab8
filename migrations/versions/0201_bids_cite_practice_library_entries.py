"""bids cite practice library entries

Revision ID: 0201
Revises: 0200
Create Date: 2026-11-23

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0201'
down_revision = '0200'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('bid_evidence', schema=None) as batch_op:
        batch_op.add_column(sa.Column('library_entry_id', sa.Integer(), nullable=True))
        batch_op.alter_column('innovation_id', existing_type=sa.INTEGER(), nullable=True)
        batch_op.drop_constraint('uq_bid_evidence_bid_id', type_='unique')
        batch_op.create_unique_constraint('uq_bid_evidence_innovation',
                                          ['bid_id', 'innovation_id'])
        batch_op.create_unique_constraint('uq_bid_evidence_library_entry',
                                          ['bid_id', 'library_entry_id'])
        batch_op.create_index(batch_op.f('ix_bid_evidence_library_entry_id'),
                              ['library_entry_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_bid_evidence_library_entry_id_library_entry'),
                                    'library_entry', ['library_entry_id'], ['id'])
        batch_op.create_check_constraint(
            'one_source', '(innovation_id IS NULL) <> (library_entry_id IS NULL)')


def downgrade():
    with op.batch_alter_table('bid_evidence', schema=None) as batch_op:
        batch_op.drop_constraint('ck_bid_evidence_one_source', type_='check')
        batch_op.drop_constraint(batch_op.f('fk_bid_evidence_library_entry_id_library_entry'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_bid_evidence_library_entry_id'))
        batch_op.drop_constraint('uq_bid_evidence_library_entry', type_='unique')
        batch_op.drop_constraint('uq_bid_evidence_innovation', type_='unique')
        batch_op.create_unique_constraint('uq_bid_evidence_bid_id', ['bid_id', 'innovation_id'])
        batch_op.alter_column('innovation_id', existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column('library_entry_id')
