"""audit_event is append-only on PostgreSQL

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 12:00:00.000000

A trigger refuses UPDATE, DELETE and TRUNCATE on audit_event for every role, the table's
owner included. SQLite has no roles to protect against; there the hash chain and the
signed seal are the protection. See voice/audit_guard.py.
"""
from alembic import op

from voice.audit_guard import install_audit_guard, remove_audit_guard

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    install_audit_guard(op.get_bind())  # does nothing unless the dialect is postgresql


def downgrade() -> None:
    remove_audit_guard(op.get_bind())
