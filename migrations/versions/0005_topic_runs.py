"""topic runs and assignments (issue 7)

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('topic_run', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('n_excluded_by_consent', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('error', sa.Text(), nullable=True))
    with op.batch_alter_table('topic_run', schema=None) as batch_op:
        batch_op.alter_column('title', server_default=None)
        batch_op.alter_column('n_excluded_by_consent', server_default=None)

    with op.batch_alter_table('topic', schema=None) as batch_op:
        batch_op.add_column(sa.Column('custom_label', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))
        batch_op.add_column(sa.Column('keybert_words', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('matches', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('representative_document_ids', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('promoted_code_key', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True))
    with op.batch_alter_table('topic', schema=None) as batch_op:
        for column in ('keybert_words', 'matches', 'representative_document_ids'):
            batch_op.alter_column(column, server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('topic', schema=None) as batch_op:
        for column in ('promoted_code_key', 'representative_document_ids', 'matches',
                       'keybert_words', 'custom_label'):
            batch_op.drop_column(column)
    with op.batch_alter_table('topic_run', schema=None) as batch_op:
        for column in ('error', 'n_excluded_by_consent', 'title'):
            batch_op.drop_column(column)
