"""contract management: reporting periods, variations, and the SME flag as organisations say it

Revision ID: 0920
Revises: 0910
Create Date: 2026-12-03

Every existing contract gets the default schedule (quarterly from its start, each report due
30 days after its period ends, as `portal.contracts.schedule` derives it); an existing outcome
report joins the period its end date falls in, or stays unattached. The SME flag becomes
yes / no / not recorded: nothing set it before, so every `false` becomes not recorded.
"""
from datetime import date, timedelta

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0920'
down_revision = '0910'
branch_labels = None
depends_on = None

DUE_AFTER_DAYS = 30


def upgrade():
    op.create_table(
        'reporting_period',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('contract_id', sa.Integer(), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('ends_on', sa.Date(), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_reporting_period_period')),
        sa.CheckConstraint('due_on > ends_on', name=op.f('ck_reporting_period_due')),
        sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], ondelete='CASCADE',
                                name=op.f('fk_reporting_period_contract_id_contract')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reporting_period')),
    )
    op.create_index(op.f('ix_reporting_period_contract_id'), 'reporting_period',
                    ['contract_id'])
    op.create_table(
        'contract_variation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('contract_id', sa.Integer(), nullable=False),
        sa.Column('effective_on', sa.Date(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('value_before', sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column('value_after', sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column('ends_on_before', sa.Date(), nullable=False),
        sa.Column('ends_on_after', sa.Date(), nullable=True),
        sa.Column('recorded_at', sa.DateTime(), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), nullable=False),
        sa.CheckConstraint('value_after IS NOT NULL OR ends_on_after IS NOT NULL',
                           name=op.f('ck_contract_variation_changes_something')),
        sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], ondelete='CASCADE',
                                name=op.f('fk_contract_variation_contract_id_contract')),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'],
                                name=op.f('fk_contract_variation_recorded_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_contract_variation')),
    )
    op.create_index(op.f('ix_contract_variation_contract_id'), 'contract_variation',
                    ['contract_id'])
    if op.get_bind().dialect.name == 'sqlite':
        # As in 0400: a batch would copy `outcome_report`, which its results point at; a new
        # column may carry its REFERENCES clause.
        op.execute('ALTER TABLE outcome_report ADD COLUMN period_id INTEGER '
                   'CONSTRAINT fk_outcome_report_period_id_reporting_period '
                   'REFERENCES reporting_period (id)')
    else:
        op.add_column('outcome_report', sa.Column('period_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_outcome_report_period_id_reporting_period'),
                              'outcome_report', 'reporting_period', ['period_id'], ['id'])
    op.create_index(op.f('ix_outcome_report_period_id'), 'outcome_report', ['period_id'])
    _sme_not_recorded()
    _schedules()


def _sme_not_recorded():
    """`organisation.is_sme` becomes nullable, and every value NULL (nothing set it yet)."""
    if op.get_bind().dialect.name == 'sqlite':
        # A batch would copy `organisation` and drop the original, which the rows pointing
        # at it forbid; SQLite (3.35 on) drops and renames columns in place.
        op.execute('ALTER TABLE organisation ADD COLUMN sme_recorded BOOLEAN')
        op.execute('ALTER TABLE organisation DROP COLUMN is_sme')
        op.execute('ALTER TABLE organisation RENAME COLUMN sme_recorded TO is_sme')
        return
    op.alter_column('organisation', 'is_sme', existing_type=sa.Boolean(), nullable=True,
                    server_default=None)
    op.execute('UPDATE organisation SET is_sme = NULL')


def _add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue


def _quarters(starts_on, ends_on):
    number = 0
    while (start := _add_months(starts_on, number * 3)) <= ends_on:
        end = _add_months(starts_on, (number + 1) * 3) - timedelta(days=1)
        yield start, min(end, ends_on)
        number += 1


def _schedules():
    """The default schedule for each contract; each report joins the period it ends in."""
    contracts = sa.table('contract', sa.column('id', sa.Integer),
                         sa.column('starts_on', sa.Date), sa.column('ends_on', sa.Date))
    periods = sa.table('reporting_period', sa.column('id', sa.Integer),
                       sa.column('contract_id', sa.Integer), sa.column('starts_on', sa.Date),
                       sa.column('ends_on', sa.Date), sa.column('due_on', sa.Date))
    reports = sa.table('outcome_report', sa.column('contract_id', sa.Integer),
                       sa.column('period_end', sa.Date), sa.column('period_id', sa.Integer))
    bind = op.get_bind()
    for contract in bind.execute(sa.select(contracts)).all():
        for start, end in _quarters(contract.starts_on, contract.ends_on):
            bind.execute(periods.insert().values(
                contract_id=contract.id, starts_on=start, ends_on=end,
                due_on=end + timedelta(days=DUE_AFTER_DAYS)))
    for period in bind.execute(sa.select(periods)).all():
        bind.execute(reports.update().where(
            reports.c.contract_id == period.contract_id,
            reports.c.period_end.between(period.starts_on, period.ends_on))
            .values(period_id=period.id))


def downgrade():
    op.execute('UPDATE organisation SET is_sme = false WHERE is_sme IS NULL')
    if op.get_bind().dialect.name != 'sqlite':  # SQLite keeps the column nullable
        op.alter_column('organisation', 'is_sme', existing_type=sa.Boolean(), nullable=False,
                        server_default=sa.false())
    with op.batch_alter_table('outcome_report') as batch:
        batch.drop_constraint(batch.f('fk_outcome_report_period_id_reporting_period'),
                              type_='foreignkey')
        batch.drop_index(batch.f('ix_outcome_report_period_id'))
        batch.drop_column('period_id')
    op.drop_table('contract_variation')
    op.drop_table('reporting_period')
