"""bid documents by reference; receipts know their bid

Revision ID: 0600
Revises: 0500
Create Date: 2026-12-07

Bid documents were addressed by ids from one global sequence, so a bidder could count other
organisations' uploads between two of its own. Each document gets a random reference, as bids
have; existing documents are given theirs here. Outbound email gains the bid a receipt is
about, so a bidder can have a failed receipt sent again without staff seeing it.
"""
import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0600'
down_revision = '0500'
branch_labels = None
depends_on = None

# This migration's own view of the table (never the models, which move on).
bid_attachment = sa.table('bid_attachment', sa.column('id', sa.Integer),
                          sa.column('reference', sa.String(24)))


def upgrade():
    with op.batch_alter_table('bid_attachment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reference', sa.String(length=24), nullable=True))

    connection = op.get_bind()
    for (document_id,) in connection.execute(sa.select(bid_attachment.c.id)).all():
        connection.execute(bid_attachment.update().where(bid_attachment.c.id == document_id)
                           .values(reference=secrets.token_urlsafe(12)))

    with op.batch_alter_table('bid_attachment', schema=None) as batch_op:
        batch_op.alter_column('reference', existing_type=sa.String(length=24), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_bid_attachment_reference'),
                                          ['reference'])

    with op.batch_alter_table('outbound_email', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bid_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbound_email_bid_id'), ['bid_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_outbound_email_bid_id_bid'), 'bid',
                                    ['bid_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('outbound_email', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outbound_email_bid_id_bid'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_outbound_email_bid_id'))
        batch_op.drop_column('bid_id')

    with op.batch_alter_table('bid_attachment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_bid_attachment_reference'), type_='unique')
        batch_op.drop_column('reference')
