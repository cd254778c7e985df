"""`thidua manage audit_grants --app-role NAME`: the application role may not rewrite the audit log."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from thidua.audit.grants import GrantError, apply_audit_grants


class Command(BaseCommand):
    help = "Thu hồi quyền UPDATE/DELETE/TRUNCATE trên bảng nhật ký kiểm toán của vai trò ứng dụng (PostgreSQL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--app-role", required=True, help="vai trò PostgreSQL mà ứng dụng dùng để kết nối")
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            statements = apply_audit_grants(options["app_role"], connections[options["database"]])
        except GrantError as exc:
            raise CommandError(str(exc)) from None
        for statement in statements:
            self.stdout.write(statement + ";")
        self.stdout.write(f"Đã giới hạn quyền của «{options['app_role']}» trên bảng nhật ký kiểm toán.")
