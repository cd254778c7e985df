"""The application's database role cannot rewrite the audit log (finding M3, PostgreSQL)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, connections

from thidua.audit.grants import GrantError, grant_statements
from thidua.audit.models import AuditEvent
from thidua.audit.services import record, verify

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no roles or privileges; the grants are tested on PostgreSQL (DATABASE_URL=postgres://…).",
)


@pytest.fixture
def app_role() -> Iterator[tuple[str, str]]:
    """A login role set up as docs/operator-guide.md does: ordinary rights on every table, then
    `audit_grants`. Role names are cluster-wide: a random suffix keeps parallel runs apart."""
    name = f"thidua_app_test_{secrets.token_hex(4)}"
    password = secrets.token_urlsafe(16)
    db = connection.settings_dict["NAME"]
    with connection.cursor() as cur:
        cur.execute(f"CREATE ROLE {name} LOGIN PASSWORD %s", [password])
        cur.execute(f'GRANT CONNECT ON DATABASE "{db}" TO {name}')
        cur.execute(f"GRANT USAGE ON SCHEMA public TO {name}")
        cur.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public TO {name}")
        cur.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {name}")
    try:
        yield name, password
    finally:
        with connection.cursor() as cur:
            cur.execute(f"DROP OWNED BY {name}")
            cur.execute(f"DROP ROLE {name}")


def _connect_as(role: str, password: str) -> Any:
    import psycopg

    s = connection.settings_dict
    return psycopg.connect(dbname=s["NAME"], user=role, password=password, host=s["HOST"] or "127.0.0.1",
                           port=s["PORT"] or 5432, autocommit=True)


@pytest.mark.django_db(transaction=True)
def test_app_role_can_append_but_not_update_delete_or_truncate(app_role: tuple[str, str], capsys: Any) -> None:
    import psycopg

    role, password = app_role
    first = record(actor="kiểm thử", action="test.write", object_type="test", object_id="1", after={"i": 1})
    call_command("audit_grants", app_role=role)
    assert "REVOKE UPDATE, DELETE, TRUNCATE" in capsys.readouterr().out

    with _connect_as(role, password) as conn, conn.cursor() as cur:
        for statement in (
            "UPDATE audit_auditevent SET actor = 'kẻ gian'",
            "DELETE FROM audit_auditevent",
            "TRUNCATE audit_auditevent",
            "DELETE FROM audit_chainhead",
            "TRUNCATE audit_chainhead",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                cur.execute(statement)
        cur.execute("SELECT count(*) FROM audit_auditevent")
        assert cur.fetchone() == (1,)
        # Other tables keep the application's ordinary rights.
        cur.execute("UPDATE accounts_user SET last_name = last_name WHERE false")

    # The application's own audit writes (INSERT + moving the chain head) work under the role.
    db = connections["default"]
    saved = dict(db.settings_dict)
    db.close()
    db.settings_dict.update(USER=role, PASSWORD=password)
    try:
        with db.cursor() as cur:
            cur.execute("SELECT current_user")
            assert cur.fetchone() == (role,)
        second = record(actor="kiểm thử", action="test.write", object_type="test", object_id="2", after={"i": 2})
        assert second.prev_hash == first.hash
        assert verify().ok and verify().checked == 2
    finally:
        db.close()
        db.settings_dict.clear()
        db.settings_dict.update(saved)
    assert AuditEvent.objects.count() == 2


@pytest.mark.django_db
def test_audit_grants_refuses_bad_or_privileged_roles() -> None:
    with pytest.raises(GrantError, match="không hợp lệ"):
        grant_statements('x"; DROP TABLE audit_auditevent; --', connection)
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có vai trò"):
        call_command("audit_grants", app_role="khong_co_vai_tro_nay")
    with connection.cursor() as cur:
        cur.execute("SELECT current_user")
        me = cur.fetchone()[0]
    with pytest.raises(CommandError, match="superuser|sở hữu"):
        call_command("audit_grants", app_role=me)
