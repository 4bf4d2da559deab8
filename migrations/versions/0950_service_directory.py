"""the directory of live services: how to get referred to a funded service

Revision ID: 0950
Revises: 0940
Create Date: 2026-12-03

A contract in delivery is listed without a row here; the provider's listing adds what a
person needs to get to the service.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0950'
down_revision = '0940'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'service_listing',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('contract_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('how_to_refer', sa.Text(), nullable=False),
        sa.Column('self_referral', sa.Boolean(), nullable=False),
        sa.Column('phone', sa.String(length=40), nullable=True),
        sa.Column('email', sa.String(length=254), nullable=True),
        sa.Column('website', sa.String(length=500), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], ondelete='CASCADE',
                                name=op.f('fk_service_listing_contract_id_contract')),
        sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'],
                                name=op.f('fk_service_listing_updated_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_service_listing')),
        sa.UniqueConstraint('contract_id', name=op.f('uq_service_listing_contract_id')),
    )


def downgrade():
    op.drop_table('service_listing')
