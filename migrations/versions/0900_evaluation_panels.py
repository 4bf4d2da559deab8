"""evaluation panels, conflicts of interest and each evaluator's own scores

Revision ID: 0900
Revises: 0800
Create Date: 2026-12-03

An opportunity without panel rows is evaluated by its commissioning body as before: the
existing `score` rows stay the scores that rank the bids (now called the consensus).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0900'
down_revision = '0800'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'panel_member',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('opportunity_id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('role', sa.String(length=10), nullable=False),
        sa.Column('invitation_token', sa.String(length=64), nullable=True),
        sa.Column('invited_by_id', sa.Integer(), nullable=False),
        sa.Column('invited_at', sa.DateTime(), nullable=False),
        sa.Column('accepted_at', sa.DateTime(), nullable=True),
        sa.Column('declared_at', sa.DateTime(), nullable=True),
        sa.CheckConstraint("role IN ('chair', 'member')", name=op.f('ck_panel_member_role')),
        sa.ForeignKeyConstraint(['invited_by_id'], ['user_account.id'],
                                name=op.f('fk_panel_member_invited_by_id_user_account')),
        sa.ForeignKeyConstraint(['opportunity_id'], ['opportunity.id'], ondelete='CASCADE',
                                name=op.f('fk_panel_member_opportunity_id_opportunity')),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_panel_member_user_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_panel_member')),
        sa.UniqueConstraint('invitation_token', name=op.f('uq_panel_member_invitation_token')),
        sa.UniqueConstraint('opportunity_id', 'email',
                            name=op.f('uq_panel_member_email')),
        sa.UniqueConstraint('opportunity_id', 'user_id',
                            name=op.f('uq_panel_member_user')),
    )
    op.create_index(op.f('ix_panel_member_opportunity_id'), 'panel_member', ['opportunity_id'])
    op.create_index(op.f('ix_panel_member_user_id'), 'panel_member', ['user_id'])
    op.create_table(
        'panel_conflict',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('member_id', sa.Integer(), nullable=False),
        sa.Column('bid_id', sa.Integer(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['bid_id'], ['bid.id'], ondelete='CASCADE',
                                name=op.f('fk_panel_conflict_bid_id_bid')),
        sa.ForeignKeyConstraint(['member_id'], ['panel_member.id'], ondelete='CASCADE',
                                name=op.f('fk_panel_conflict_member_id_panel_member')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_panel_conflict')),
        sa.UniqueConstraint('member_id', 'bid_id',
                            name=op.f('uq_panel_conflict_member_id')),
    )
    op.create_index(op.f('ix_panel_conflict_member_id'), 'panel_conflict', ['member_id'])
    op.create_index(op.f('ix_panel_conflict_bid_id'), 'panel_conflict', ['bid_id'])
    op.create_table(
        'panel_score',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('bid_id', sa.Integer(), nullable=False),
        sa.Column('criterion_id', sa.Integer(), nullable=False),
        sa.Column('evaluator_id', sa.Integer(), nullable=False),
        sa.Column('score', sa.Integer(), nullable=True),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.Column('submitted_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint('score IS NULL OR score BETWEEN 0 AND 4',
                           name=op.f('ck_panel_score_range')),
        sa.ForeignKeyConstraint(['bid_id'], ['bid.id'], ondelete='CASCADE',
                                name=op.f('fk_panel_score_bid_id_bid')),
        sa.ForeignKeyConstraint(['criterion_id'], ['evaluation_criterion.id'],
                                name=op.f('fk_panel_score_criterion_id_evaluation_criterion')),
        sa.ForeignKeyConstraint(['evaluator_id'], ['user_account.id'],
                                name=op.f('fk_panel_score_evaluator_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_panel_score')),
        sa.UniqueConstraint('bid_id', 'criterion_id', 'evaluator_id',
                            name=op.f('uq_panel_score_bid_id')),
    )
    op.create_index(op.f('ix_panel_score_bid_id'), 'panel_score', ['bid_id'])
    op.create_index(op.f('ix_panel_score_evaluator_id'), 'panel_score', ['evaluator_id'])


def downgrade():
    op.drop_table('panel_score')
    op.drop_table('panel_conflict')
    op.drop_table('panel_member')
