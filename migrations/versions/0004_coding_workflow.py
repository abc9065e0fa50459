"""codebook versions, coding queue, double coding (issue 6)

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('code_application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mapped_from_code_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_code_application_mapped_from_code_id_code'),
                                    'code', ['mapped_from_code_id'], ['id'])

    op.create_table('coding_sample',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('codebook_id', sa.Integer(), nullable=False),
    sa.Column('la_id', sa.Integer(), nullable=True),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('percent', sa.Float(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['codebook_id'], ['codebook.id'], name=op.f('fk_coding_sample_codebook_id_codebook')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_coding_sample_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['la_id'], ['local_authority.id'], name=op.f('fk_coding_sample_la_id_local_authority')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coding_sample'))
    )
    with op.batch_alter_table('coding_sample', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coding_sample_codebook_id'), ['codebook_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_coding_sample_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_coding_sample_la_id'), ['la_id'], unique=False)

    op.create_table('coding_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sample_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('coder_id', sa.Integer(), nullable=False),
    sa.Column('done_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['coder_id'], ['user_account.id'], name=op.f('fk_coding_assignment_coder_id_user_account')),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_coding_assignment_document_id_document'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sample_id'], ['coding_sample.id'], name=op.f('fk_coding_assignment_sample_id_coding_sample'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coding_assignment')),
    sa.UniqueConstraint('sample_id', 'document_id', 'coder_id', name=op.f('uq_coding_assignment_sample_id_document_id_coder_id'))
    )
    with op.batch_alter_table('coding_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coding_assignment_coder_id'), ['coder_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_coding_assignment_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_coding_assignment_sample_id'), ['sample_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('coding_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coding_assignment_sample_id'))
        batch_op.drop_index(batch_op.f('ix_coding_assignment_document_id'))
        batch_op.drop_index(batch_op.f('ix_coding_assignment_coder_id'))
    op.drop_table('coding_assignment')
    with op.batch_alter_table('coding_sample', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coding_sample_la_id'))
        batch_op.drop_index(batch_op.f('ix_coding_sample_created_by_id'))
        batch_op.drop_index(batch_op.f('ix_coding_sample_codebook_id'))
    op.drop_table('coding_sample')
    with op.batch_alter_table('code_application', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_code_application_mapped_from_code_id_code'), type_='foreignkey')
        batch_op.drop_column('mapped_from_code_id')
