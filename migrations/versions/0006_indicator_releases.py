"""indicator releases and SSDA903 records (issue 8)

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('care_leaver_return',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('la_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('pseudonym', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('age_group', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('accommodation_type', sqlmodel.sql.sqltypes.AutoString(length=1), nullable=True),
    sa.Column('suitability', sqlmodel.sql.sqltypes.AutoString(length=1), nullable=True),
    sa.Column('in_touch', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
    sa.Column('activity', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('imported_by_id', sa.Integer(), nullable=True),
    sa.Column('imported_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['imported_by_id'], ['user_account.id'], name=op.f('fk_care_leaver_return_imported_by_id_user_account')),
    sa.ForeignKeyConstraint(['la_id'], ['local_authority.id'], name=op.f('fk_care_leaver_return_la_id_local_authority')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_care_leaver_return')),
    sa.UniqueConstraint('la_id', 'year', 'pseudonym', name=op.f('uq_care_leaver_return_la_id_year_pseudonym'))
    )
    with op.batch_alter_table('care_leaver_return', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_care_leaver_return_imported_by_id'), ['imported_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_care_leaver_return_la_id'), ['la_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_care_leaver_return_pseudonym'), ['pseudonym'], unique=False)
        batch_op.create_index(batch_op.f('ix_care_leaver_return_year'), ['year'], unique=False)

    op.create_table('indicator_release',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('purpose', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('threshold', sa.Integer(), nullable=False),
    sa.Column('file_format', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('data_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('manifest', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_indicator_release_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_release'))
    )
    with op.batch_alter_table('indicator_release', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_release_created_by_id'), ['created_by_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('indicator_release', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_release_created_by_id'))
    op.drop_table('indicator_release')
    with op.batch_alter_table('care_leaver_return', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_care_leaver_return_year'))
        batch_op.drop_index(batch_op.f('ix_care_leaver_return_pseudonym'))
        batch_op.drop_index(batch_op.f('ix_care_leaver_return_la_id'))
        batch_op.drop_index(batch_op.f('ix_care_leaver_return_imported_by_id'))
    op.drop_table('care_leaver_return')
