"""feedback on funded services from the people who use them, and commissioners' actions

Revision ID: 0940
Revises: 0930
Create Date: 2026-12-03

New tables only: nothing existing changes.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0940'
down_revision = '0930'
branch_labels = None
depends_on = None

RATINGS = ('listened', 'respected', 'helped', 'recommend')


def upgrade():
    op.create_table(
        'service_feedback',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('contract_id', sa.Integer(), nullable=False),
        sa.Column('giver', sa.String(length=10), nullable=False),
        sa.Column('original_worked', sa.Text(), nullable=False),
        sa.Column('original_not_worked', sa.Text(), nullable=False),
        sa.Column('original_treated', sa.Text(), nullable=False),
        *[sa.Column(f'rating_{name}', sa.SmallInteger(), nullable=True) for name in RATINGS],
        sa.Column('giver_name', sa.String(length=120), nullable=True),
        sa.Column('contact', sa.String(length=254), nullable=True),
        sa.Column('may_contact', sa.Boolean(), nullable=False),
        sa.Column('submitted_at', sa.DateTime(), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('public_worked', sa.Text(), nullable=True),
        sa.Column('public_not_worked', sa.Text(), nullable=True),
        sa.Column('public_treated', sa.Text(), nullable=True),
        sa.Column('staff_note', sa.Text(), nullable=True),
        sa.Column('moderated_at', sa.DateTime(), nullable=True),
        sa.Column('moderated_by_id', sa.Integer(), nullable=True),
        sa.Column('reply', sa.Text(), nullable=True),
        sa.Column('replied_at', sa.DateTime(), nullable=True),
        sa.Column('replied_by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint("status IN ('waiting', 'published', 'rejected', 'safeguarding')",
                           name=op.f('ck_service_feedback_status')),
        sa.CheckConstraint("giver IN ('person', 'family', 'advocate', 'user-led')",
                           name=op.f('ck_service_feedback_giver')),
        *[sa.CheckConstraint(f'rating_{name} BETWEEN 1 AND 5',
                             name=op.f(f'ck_service_feedback_rating_{name}'))
          for name in RATINGS],
        sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], ondelete='CASCADE',
                                name=op.f('fk_service_feedback_contract_id_contract')),
        sa.ForeignKeyConstraint(['moderated_by_id'], ['user_account.id'],
                                name=op.f('fk_service_feedback_moderated_by_id_user_account')),
        sa.ForeignKeyConstraint(['replied_by_id'], ['user_account.id'],
                                name=op.f('fk_service_feedback_replied_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_service_feedback')),
    )
    op.create_index(op.f('ix_service_feedback_contract_id'), 'service_feedback',
                    ['contract_id'])
    op.create_index(op.f('ix_service_feedback_status'), 'service_feedback', ['status'])
    op.create_table(
        'feedback_action',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('feedback_id', sa.Integer(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('noted_at', sa.DateTime(), nullable=False),
        sa.Column('noted_by_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['feedback_id'], ['service_feedback.id'], ondelete='CASCADE',
                                name=op.f('fk_feedback_action_feedback_id_service_feedback')),
        sa.ForeignKeyConstraint(['noted_by_id'], ['user_account.id'],
                                name=op.f('fk_feedback_action_noted_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_action')),
    )
    op.create_index(op.f('ix_feedback_action_feedback_id'), 'feedback_action', ['feedback_id'])


def downgrade():
    op.drop_index(op.f('ix_feedback_action_feedback_id'), table_name='feedback_action')
    op.drop_table('feedback_action')
    op.drop_index(op.f('ix_service_feedback_status'), table_name='service_feedback')
    op.drop_index(op.f('ix_service_feedback_contract_id'), table_name='service_feedback')
    op.drop_table('service_feedback')
