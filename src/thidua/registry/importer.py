"""Import of award history from Excel: the entry point for the CLI and the web.

    write_template(path)                          the .xlsx template (data, "Hướng dẫn", "Danh mục")
    import_awards_path(path, by=, keep_valid=)    from a file on disk (CLI)
    import_awards_bytes(data, by=, keep_valid=)   from an upload (web)

The file is refused by size before parsing (settings.THIDUA_MAX_IMPORT_BYTES). Rows are
checked in full; nothing is saved when any row fails unless ``keep_valid``. Importing
the same file twice adds nothing: identical rows are counted as "đã có, bỏ qua".
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings

from thidua.org.scope import scope_paths

from . import services
from .importing.reader import FileRejected, check_size, read_sheet
from .importing.result import ImportResult, RowError
from .importing.template import write_template

__all__ = ["ImportResult", "RowError", "import_awards_bytes", "import_awards_path", "write_template"]


# A large upload is imported in the background. The job machinery lives in a higher layer
# (documents.import_jobs), which registers its starter here when the app is ready, so the registry
# never imports it; without a starter the page imports in the request, as before.
BackgroundStarter = Callable[..., Any]
_background_starter: BackgroundStarter | None = None


def register_background_import(starter: BackgroundStarter) -> None:
    global _background_starter
    _background_starter = starter


def background_import_starter() -> BackgroundStarter | None:
    return _background_starter


def background_bytes() -> int:
    """Above this size (``THIDUA_IMPORT_BACKGROUND_BYTES``, default 512 KB ≈ 8,000 rows) an upload from
    the page is imported in the background."""
    return int(getattr(settings, "THIDUA_IMPORT_BACKGROUND_BYTES", 512 * 1024))


def max_bytes() -> int:
    return int(getattr(settings, "THIDUA_MAX_IMPORT_BYTES", 20 * 1024 * 1024))


def _scope_paths(user: Any) -> list[str] | None:
    """None for the operator (the command line without --user); else the user's page scope
    (`org.scope.scope_paths`), so that the import refuses exactly the units the pages hide."""
    if user is None or isinstance(user, str):
        return None
    return scope_paths(user)


def _resolve_by(by: Any) -> Any:
    """The CLI passes a username: the account gives the scope and the audit's actor."""
    if isinstance(by, str) and by:
        from thidua.accounts.models import User

        user = User.objects.filter(username=by).first()
        if user is None:
            raise FileRejected([RowError(None, "", f"Không có tài khoản «{by}» trong hệ thống.")])
        return user
    return by


def import_awards_bytes(data: bytes, *, by: Any, keep_valid: bool = False) -> ImportResult:
    """``by``: a User (scoped to its unit subtree unless province-wide), a username, or None (operator)."""
    try:
        by = _resolve_by(by)
        check_size(len(data), max_bytes())
        sheet = read_sheet(data)
    except FileRejected as exc:
        return ImportResult(errors=exc.errors, keep_valid=keep_valid)
    return services.import_awards(by=by, sheet=sheet, scope_paths=_scope_paths(by), keep_valid=keep_valid)


def import_awards_path(path: str | os.PathLike[str], *, by: Any = None, keep_valid: bool = False) -> ImportResult:
    file = Path(path)
    if not file.is_file():
        return ImportResult(errors=[RowError(None, "", f"Không tìm thấy tệp «{file}».")], keep_valid=keep_valid)
    try:
        check_size(file.stat().st_size, max_bytes())
    except FileRejected as exc:  # refused by size before reading a byte
        return ImportResult(errors=exc.errors, keep_valid=keep_valid)
    return import_awards_bytes(file.read_bytes(), by=by, keep_valid=keep_valid)
