"""Database privileges of the audit tables on PostgreSQL (finding M3).

The application connects as a role that may add to the audit log but never rewrite it: INSERT
and SELECT on the events, SELECT/INSERT/UPDATE on the one-row chain head (appending moves it),
no UPDATE, DELETE or TRUNCATE on the events and no DELETE or TRUNCATE on the head. Migrations
run as a separate owner role. The SQL is in docs/operator-guide.md; `thidua manage audit_grants
--app-role NAME` applies it (run it after every `thidua migrate`).
"""

from __future__ import annotations

import re

from django.db.backends.base.base import BaseDatabaseWrapper

from .models import AuditEvent, ChainHead

ROLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


class GrantError(RuntimeError):
    pass


def grant_statements(app_role: str, connection: BaseDatabaseWrapper) -> list[str]:
    if not ROLE_NAME.match(app_role):
        raise GrantError(f"Tên vai trò «{app_role}» không hợp lệ (chỉ chữ cái, số, dấu gạch dưới).")
    q = connection.ops.quote_name
    role = q(app_role)
    events, head = q(AuditEvent._meta.db_table), q(ChainHead._meta.db_table)
    return [
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {events} FROM {role}",
        f"GRANT SELECT, INSERT ON {events} TO {role}",
        f"REVOKE DELETE, TRUNCATE, REFERENCES, TRIGGER ON {head} FROM {role}",
        f"GRANT SELECT, INSERT, UPDATE ON {head} TO {role}",
    ]


def apply_audit_grants(app_role: str, connection: BaseDatabaseWrapper) -> list[str]:
    """Apply the statements; refuse a role that owns the tables or is a superuser (REVOKE would
    not bind it). Returns the statements run."""
    if connection.vendor != "postgresql":
        raise GrantError("Quyền trên bảng nhật ký chỉ áp dụng cho PostgreSQL (SQLite không có vai trò).")
    statements = grant_statements(app_role, connection)
    with connection.cursor() as cur:
        cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [app_role])
        row = cur.fetchone()
        if row is None:
            raise GrantError(f"Không có vai trò «{app_role}» trong PostgreSQL; tạo theo hướng dẫn vận hành.")
        if row[0]:
            raise GrantError(f"Vai trò «{app_role}» là superuser: không thể giới hạn quyền; "
                             "ứng dụng phải chạy bằng một vai trò thường.")
        cur.execute("SELECT tablename FROM pg_tables WHERE tablename IN (%s, %s) AND tableowner = %s",
                    [AuditEvent._meta.db_table, ChainHead._meta.db_table, app_role])
        owned = [r[0] for r in cur.fetchall()]
        if owned:
            raise GrantError(f"Vai trò «{app_role}» đang sở hữu bảng {', '.join(owned)}: chủ bảng luôn có "
                             "thể xoá; chạy migrate bằng vai trò chủ sở hữu riêng (xem hướng dẫn vận hành).")
        cur.execute("SELECT pg_get_serial_sequence(%s, 'seq')", [AuditEvent._meta.db_table])
        sequence = cur.fetchone()
        if sequence and sequence[0]:
            statements.append(f"GRANT USAGE, SELECT ON SEQUENCE {sequence[0]} TO "
                              f"{connection.ops.quote_name(app_role)}")
        for statement in statements:
            cur.execute(statement)
    return statements
