"""drop the two indexes a unique index already covers (written on every submission)

response.survey_id leads uq_response_survey_id_client_uuid and answer.response_id leads
uq_answer_response_id_question_key, so their own indexes served no query and cost an index
write per response and per answer.

Revision ID: 0009
Revises: 0008
"""
from alembic import op


revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_response_survey_id", table_name="response")
    op.drop_index("ix_answer_response_id", table_name="answer")


def downgrade() -> None:
    op.create_index("ix_answer_response_id", "answer", ["response_id"])
    op.create_index("ix_response_survey_id", "response", ["survey_id"])
