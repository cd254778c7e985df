"""Which stored file may a user download? The same scope as the object the file belongs to.

One entry per file field: the object's model, the field, and who may read it. Anonymous visitors get
only what is published (a published story's photo, a public movement's launch document and review
reports); everything else needs an account whose scope covers the object's unit. The view
(``documents:file``) only looks the entry up and answers with ``thidua.core.files.file_response``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from thidua.accounts.scope import can_see_unit


@dataclass(frozen=True)
class FileEntry:
    model: Callable[[], type[Model]]
    field: str
    allowed: Callable[[Any, Any], bool]


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _dossier_document(user: Any, doc: Any) -> bool:
    from thidua.nominations.selectors import dossiers_visible_to

    return _authenticated(user) and dossiers_visible_to(user).filter(pk=doc.dossier_id).exists()


def _signed_decision(user: Any, decision: Any) -> bool:
    from thidua.decisions.selectors import decisions_for

    return _authenticated(user) and decisions_for(user).filter(pk=decision.pk).exists()


def _movement_public(movement: Any) -> bool:
    from thidua.movements.selectors import public_movements

    return public_movements(today=timezone.localdate()).filter(pk=movement.pk).exists()


def _movement_staff(user: Any) -> bool:
    from thidua.movements.services import BOARD_ROLES, UNIT_ROLES, role_of

    return _authenticated(user) and role_of(user) in BOARD_ROLES | UNIT_ROLES


def _movement_document(user: Any, movement: Any) -> bool:
    return _movement_public(movement) or _movement_staff(user)


def _review_report(user: Any, review: Any) -> bool:
    return _movement_public(review.movement) or _movement_staff(user)


def _covenant(user: Any, registration: Any) -> bool:
    return _authenticated(user) and can_see_unit(user, registration.unit)


def _story_photo(user: Any, story: Any) -> bool:
    from thidua.portal.models import StoryState
    from thidua.portal.services import OFFICE_ROLES

    if story.state == StoryState.PUBLISHED:
        return True
    return _authenticated(user) and (user.is_superuser or user.role in OFFICE_ROLES)


def _job_file(user: Any, job: Any) -> bool:
    from .selectors import jobs_for

    return _authenticated(user) and jobs_for(user).filter(pk=job.pk).exists()


def _m(path: str) -> Callable[[], type[Model]]:
    def load() -> type[Model]:
        from django.apps import apps

        return apps.get_model(path)
    return load


FILES: dict[str, FileEntry] = {
    "ho-so": FileEntry(_m("nominations.Document"), "file", _dossier_document),
    "quyet-dinh": FileEntry(_m("decisions.Decision"), "signed_pdf", _signed_decision),
    "phong-trao": FileEntry(_m("movements.Movement"), "launch_document", _movement_document),
    "so-ket": FileEntry(_m("movements.Review"), "report_file", _review_report),
    "giao-uoc": FileEntry(_m("movements.Registration"), "covenant_file", _covenant),
    "guong": FileEntry(_m("portal.Story"), "photo", _story_photo),
    "viec": FileEntry(_m("documents.DocumentJob"), "file", _job_file),
}


def file_for(user: Any, kind: str, pk: int) -> FieldFile | None:
    """The stored file of object ``pk`` if ``user`` may read it; None for missing and forbidden alike
    (a 404 either way: no one learns which ids exist)."""
    entry = FILES.get(kind)
    if entry is None:
        return None
    obj = entry.model()._default_manager.filter(pk=pk).first()
    if obj is None or not entry.allowed(user, obj):
        return None
    field: FieldFile = getattr(obj, entry.field)
    return field if field and field.name else None
