"""evaluation panels, conflicts of interest, own scores; intention to award and challenges

Revision ID: 0910
Revises: 0900
Create Date: 2026-12-03

An opportunity without panel rows is evaluated by its commissioning body as before: the
existing `score` rows stay the scores that rank the bids (now called the consensus). An
award made before this revision has no intention row: its bidders keep the result they had.
Organisations gain an SME flag, false for all until set.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0910'
down_revision = '0900'
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


    _intentions_and_challenges()
    op.add_column('organisation', sa.Column('is_sme', sa.Boolean(), nullable=False,
                                            server_default=sa.false()))


def _intentions_and_challenges():
    op.create_table(
        'award_intention',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('opportunity_id', sa.Integer(), nullable=False),
        sa.Column('bid_id', sa.Integer(), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('ends_on', sa.Date(), nullable=False),
        sa.Column('standstill_days', sa.Integer(), nullable=False),
        sa.Column('advantages', sa.Text(), nullable=False),
        sa.Column('notified_at', sa.DateTime(), nullable=False),
        sa.Column('notified_by_id', sa.Integer(), nullable=False),
        sa.Column('withdrawn_at', sa.DateTime(), nullable=True),
        sa.Column('withdrawn_reason', sa.Text(), nullable=True),
        sa.Column('confirmed_at', sa.DateTime(), nullable=True),
        sa.CheckConstraint('standstill_days BETWEEN 10 AND 30',
                           name=op.f('ck_award_intention_standstill')),
        sa.ForeignKeyConstraint(['bid_id'], ['bid.id'], name=op.f('fk_award_intention_bid_id_bid')),
        sa.ForeignKeyConstraint(['notified_by_id'], ['user_account.id'],
                                name=op.f('fk_award_intention_notified_by_id_user_account')),
        sa.ForeignKeyConstraint(['opportunity_id'], ['opportunity.id'], ondelete='CASCADE',
                                name=op.f('fk_award_intention_opportunity_id_opportunity')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_award_intention')),
    )
    op.create_index(op.f('ix_award_intention_opportunity_id'), 'award_intention',
                    ['opportunity_id'])
    op.create_table(
        'challenge',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('intention_id', sa.Integer(), nullable=False),
        sa.Column('bid_id', sa.Integer(), nullable=False),
        sa.Column('raised_by_id', sa.Integer(), nullable=False),
        sa.Column('grounds', sa.Text(), nullable=False),
        sa.Column('raised_at', sa.DateTime(), nullable=False),
        sa.Column('answer', sa.Text(), nullable=True),
        sa.Column('answered_at', sa.DateTime(), nullable=True),
        sa.Column('answered_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['answered_by_id'], ['user_account.id'],
                                name=op.f('fk_challenge_answered_by_id_user_account')),
        sa.ForeignKeyConstraint(['bid_id'], ['bid.id'], name=op.f('fk_challenge_bid_id_bid')),
        sa.ForeignKeyConstraint(['intention_id'], ['award_intention.id'], ondelete='CASCADE',
                                name=op.f('fk_challenge_intention_id_award_intention')),
        sa.ForeignKeyConstraint(['raised_by_id'], ['user_account.id'],
                                name=op.f('fk_challenge_raised_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge')),
    )
    op.create_index(op.f('ix_challenge_intention_id'), 'challenge', ['intention_id'])
    op.create_index(op.f('ix_challenge_bid_id'), 'challenge', ['bid_id'])
    op.create_table(
        'challenge_document',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('reference', sa.String(length=24), nullable=False),
        sa.Column('challenge_id', sa.Integer(), nullable=False),
        sa.Column('stored_name', sa.String(length=64), nullable=False),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('content_type', sa.String(length=100), nullable=False),
        sa.Column('size_bytes', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['challenge_id'], ['challenge.id'], ondelete='CASCADE',
                                name=op.f('fk_challenge_document_challenge_id_challenge')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_document')),
        sa.UniqueConstraint('reference', name=op.f('uq_challenge_document_reference')),
        sa.UniqueConstraint('stored_name', name=op.f('uq_challenge_document_stored_name')),
    )
    op.create_index(op.f('ix_challenge_document_challenge_id'), 'challenge_document',
                    ['challenge_id'])


def downgrade():
    op.drop_column('organisation', 'is_sme')
    op.drop_table('challenge_document')
    op.drop_table('challenge')
    op.drop_table('award_intention')
    op.drop_table('panel_score')
    op.drop_table('panel_conflict')
    op.drop_table('panel_member')
