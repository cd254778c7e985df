"""One permission vocabulary: the role sets of the law's actors and the one check every service uses.

Services check roles here (``require_role``) and unit scope in ``thidua.org.scope``; views and the
navigation read the same sets, so a screen never offers what its service would refuse.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from thidua.core.errors import NotAllowed

from .models import PROVINCE_WIDE_ROLES, Role

# The staff of a unit (they act inside their unit's subtree only).
UNIT_ROLES = frozenset({str(Role.CLERK), str(Role.UNIT_HEAD)})
# Ban Thi đua – Khen thưởng: the provincial office that receives, checks and prepares.
BOARD_ROLES = frozenset({str(Role.SPECIALIST), str(Role.ADMIN)})
# The province's leaders who sit on the council (they read everything, sign or vote).
LEADER_ROLES = frozenset({str(Role.COUNCIL_MEMBER), str(Role.CHAIR)})
# Roles that work for the whole province (``User.is_province_wide``).
PROVINCE_ROLES = frozenset(str(r) for r in PROVINCE_WIDE_ROLES)
ALL_STAFF = frozenset(str(r) for r in Role)
# Who may enter data (award history import, registrations, movements of their unit).
DATA_ENTRY_ROLES = UNIT_ROLES | BOARD_ROLES
# Council meetings: who runs a meeting, who votes.
SECRETARY_ROLES = BOARD_ROLES | {str(Role.CHAIR)}
COUNCIL_ROLES = LEADER_ROLES | BOARD_ROLES
# Decisions: who drafts, who signs, who retracts; who prints certificates.
PREPARE_ROLES = BOARD_ROLES
SIGN_ROLES = frozenset({str(Role.CHAIR), str(Role.ADMIN)})
RETRACT_ROLES = SIGN_ROLES | BOARD_ROLES
PRINT_ROLES = BOARD_ROLES | {str(Role.CHAIR)}

BOARD_ONLY = "Chỉ chuyên viên Ban Thi đua – Khen thưởng hoặc quản trị hệ thống mới được thực hiện thao tác này."


def role_of(user: Any) -> str:
    """The user's role as a string; a superuser counts as the administrator, nobody as ``""``."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return str(Role.ADMIN) if getattr(user, "is_superuser", False) else str(getattr(user, "role", ""))


def has_role(user: Any, roles: Iterable[str]) -> bool:
    return role_of(user) in {str(r) for r in roles}


def role_label(user: Any) -> str:
    role = role_of(user)
    return str(Role(role).label) if role in Role.values else "không xác định"


def require_role(user: Any, roles: Iterable[str], what: str, *, message: str | None = None) -> None:
    """Refuse (``NotAllowed``, a 403) unless the user holds one of ``roles``.

    The message names the role and the act («Vai trò «Cán bộ thi đua đơn vị» không được trình hồ sơ.»),
    or is ``message`` when the screen says it better.
    """
    if not getattr(user, "is_authenticated", False):
        raise NotAllowed("Bạn cần đăng nhập.")
    if not has_role(user, roles):
        raise NotAllowed(message or f"Vai trò «{role_label(user)}» không được {what}.")
