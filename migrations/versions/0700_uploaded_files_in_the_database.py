"""uploaded files in the database

Revision ID: 0700
Revises: 0610
Create Date: 2026-12-02

With UPLOAD_STORAGE=database (the default on PostgreSQL) uploaded files are kept here, in
pieces, so every host serves them. On PostgreSQL the pieces are stored uncompressed
(`STORAGE EXTERNAL`): the files are mostly compressed already (PDF, DOCX, JPEG), and
compressing them again would cost time on every upload for nothing.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0700'
down_revision = '0610'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'upload_chunk',
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('position', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint('name', 'position', name=op.f('pk_upload_chunk')),
    )
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE upload_chunk ALTER COLUMN data SET STORAGE EXTERNAL')


def downgrade():
    op.drop_table('upload_chunk')
