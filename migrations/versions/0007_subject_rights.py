"""consent changes, subject access, challenges, erasure (issue 9)

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('consent_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('respondent_id', sa.Integer(), nullable=False),
    sa.Column('la_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_consent_link_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['la_id'], ['local_authority.id'], name=op.f('fk_consent_link_la_id_local_authority')),
    sa.ForeignKeyConstraint(['respondent_id'], ['respondent.id'], name=op.f('fk_consent_link_respondent_id_respondent')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_link'))
    )
    with op.batch_alter_table('consent_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_link_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consent_link_la_id'), ['la_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consent_link_respondent_id'), ['respondent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consent_link_token_hash'), ['token_hash'], unique=True)

    op.create_table('subject_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('respondent_id', sa.Integer(), nullable=True),
    sa.Column('la_id', sa.Integer(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('completed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('hold_reason', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['la_id'], ['local_authority.id'], name=op.f('fk_subject_request_la_id_local_authority')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user_account.id'], name=op.f('fk_subject_request_requested_by_id_user_account')),
    sa.ForeignKeyConstraint(['respondent_id'], ['respondent.id'], name=op.f('fk_subject_request_respondent_id_respondent')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subject_request'))
    )
    with op.batch_alter_table('subject_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subject_request_la_id'), ['la_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_subject_request_requested_by_id'), ['requested_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_subject_request_respondent_id'), ['respondent_id'], unique=False)

    op.create_table('challenge',
    sa.Column('code_application_id', sa.Integer(), nullable=True),
    sa.Column('excerpt_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('respondent_id', sa.Integer(), nullable=False),
    sa.Column('la_id', sa.Integer(), nullable=False),
    sa.Column('target_type', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('response_id', sa.Integer(), nullable=True),
    sa.Column('code_label', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('applied_by_id', sa.Integer(), nullable=True),
    sa.Column('grounds', sa.Text(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('raised_by_id', sa.Integer(), nullable=True),
    sa.Column('raised_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('resolution', sa.Text(), nullable=True),
    sa.Column('new_code_id', sa.Integer(), nullable=True),
    sa.Column('resolved_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('outcome_letter', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['applied_by_id'], ['user_account.id'], name=op.f('fk_challenge_applied_by_id_user_account')),
    sa.ForeignKeyConstraint(['code_application_id'], ['code_application.id'], name=op.f('fk_challenge_code_application_id_code_application'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_challenge_document_id_document')),
    sa.ForeignKeyConstraint(['excerpt_id'], ['excerpt.id'], name=op.f('fk_challenge_excerpt_id_excerpt'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['la_id'], ['local_authority.id'], name=op.f('fk_challenge_la_id_local_authority')),
    sa.ForeignKeyConstraint(['new_code_id'], ['code.id'], name=op.f('fk_challenge_new_code_id_code')),
    sa.ForeignKeyConstraint(['raised_by_id'], ['user_account.id'], name=op.f('fk_challenge_raised_by_id_user_account')),
    sa.ForeignKeyConstraint(['respondent_id'], ['respondent.id'], name=op.f('fk_challenge_respondent_id_respondent')),
    sa.ForeignKeyConstraint(['response_id'], ['response.id'], name=op.f('fk_challenge_response_id_response')),
    sa.ForeignKeyConstraint(['reviewer_id'], ['user_account.id'], name=op.f('fk_challenge_reviewer_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge'))
    )
    with op.batch_alter_table('challenge', schema=None) as batch_op:
        for column in ('applied_by_id', 'code_application_id', 'document_id', 'excerpt_id', 'la_id',
                       'new_code_id', 'raised_by_id', 'respondent_id', 'response_id', 'reviewer_id'):
            batch_op.create_index(batch_op.f(f'ix_challenge_{column}'), [column], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('challenge', schema=None) as batch_op:
        for column in ('applied_by_id', 'code_application_id', 'document_id', 'excerpt_id', 'la_id',
                       'new_code_id', 'raised_by_id', 'respondent_id', 'response_id', 'reviewer_id'):
            batch_op.drop_index(batch_op.f(f'ix_challenge_{column}'))
    op.drop_table('challenge')
    with op.batch_alter_table('subject_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subject_request_respondent_id'))
        batch_op.drop_index(batch_op.f('ix_subject_request_requested_by_id'))
        batch_op.drop_index(batch_op.f('ix_subject_request_la_id'))
    op.drop_table('subject_request')
    with op.batch_alter_table('consent_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_link_token_hash'))
        batch_op.drop_index(batch_op.f('ix_consent_link_respondent_id'))
        batch_op.drop_index(batch_op.f('ix_consent_link_la_id'))
        batch_op.drop_index(batch_op.f('ix_consent_link_created_by_id'))
    op.drop_table('consent_link')
