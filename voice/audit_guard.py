"""PostgreSQL guard that makes the audit table append-only, even for its owner.

Privileges alone cannot do this: the app's role owns its tables, and an owner may always
UPDATE, DELETE or TRUNCATE them. A trigger refuses those statements for every role. A
superuser (a DBA) can still `ALTER TABLE audit_event DISABLE TRIGGER ALL` or set
`session_replication_role = replica`; that is why the trail is also a hash chain with a
head signed by a key the database never holds (see voice/audit.py), so such tampering is
still detected by `seen-heard audit verify`.

Used by the migration that installs the guard and by the test fixtures, which build their
PostgreSQL databases with `create_all` rather than migrations.
"""

import sqlalchemy as sa
from sqlalchemy.engine import Connection

FUNCTION = "audit_event_refuse_change"
ROW_TRIGGER = "audit_event_append_only"
TRUNCATE_TRIGGER = "audit_event_no_truncate"

CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""


def install_audit_guard(connection: Connection) -> None:
    """Refuse UPDATE, DELETE and TRUNCATE on audit_event (PostgreSQL only; no-op elsewhere)."""
    if connection.dialect.name != "postgresql":
        return
    remove_audit_guard(connection)
    connection.execute(sa.text(CREATE_FUNCTION))
    connection.execute(sa.text(
        f"CREATE TRIGGER {ROW_TRIGGER} BEFORE UPDATE OR DELETE ON audit_event "
        f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"))
    connection.execute(sa.text(
        f"CREATE TRIGGER {TRUNCATE_TRIGGER} BEFORE TRUNCATE ON audit_event "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"))


def remove_audit_guard(connection: Connection) -> None:
    """Drop the guard's triggers and function, if present (PostgreSQL only)."""
    if connection.dialect.name != "postgresql":
        return
    connection.execute(sa.text(f"DROP TRIGGER IF EXISTS {ROW_TRIGGER} ON audit_event"))
    connection.execute(sa.text(f"DROP TRIGGER IF EXISTS {TRUNCATE_TRIGGER} ON audit_event"))
    connection.execute(sa.text(f"DROP FUNCTION IF EXISTS {FUNCTION}()"))
