"""Which stored file may a user download? The same scope as the object the file belongs to.

One entry per file field: the object's model, the field, and who may read it. Anonymous visitors get
only what is published (a published story's photo, a public movement's launch document and review
reports); everything else needs an account whose scope covers the object's unit. The view
(``documents:file``) only looks the entry up and answers with ``thidua.core.files.file_response``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.core.files import File
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from thidua.org.scope import can_see_unit


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
    from thidua.accounts.permissions import BOARD_ROLES as OFFICE_ROLES
    from thidua.portal.models import StoryState

    if story.state == StoryState.PUBLISHED:
        return True
    return _authenticated(user) and (user.is_superuser or str(user.role) in OFFICE_ROLES)


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


def file_by_name(user: Any, name: str) -> FieldFile | None:
    """The stored file of that storage name if ``user`` may read the object that owns it."""
    if not name or ".." in name.split("/"):
        return None
    for kind, entry in FILES.items():
        obj = entry.model()._default_manager.filter(**{entry.field: name}).only("pk").first()
        if obj is not None:
            return file_for(user, kind, int(obj.pk))
    return None


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


@dataclass
class MigrationReport:
    moved: int = 0
    already: int = 0
    missing: list[str] | None = None
    outside_allowlist: list[str] | None = None


def migrate_stored_files(*, old_root: Path | None = None, dry_run: bool = False) -> MigrationReport:
    """Give every stored file of the fields above a random name in private storage (idempotent).

    Files stored before private storage kept the uploader's name (``dossiers/12/Tờ trình.pdf``) under the
    old, publicly served ``var/media``. Each one is read from MEDIA_ROOT or ``old_root``, saved again under
    a random name with its original name recorded (StoredFile), the object points to the new name, and the
    old file is deleted. A file whose content is outside the allowlist is kept (downloaded as an opaque
    attachment) and listed, for the office to review.
    """
    from django.core.files.storage import default_storage

    from thidua.core.files import OCTET, random_name, sniff
    from thidua.core.models import StoredFile

    report = MigrationReport(missing=[], outside_allowlist=[])
    assert report.missing is not None and report.outside_allowlist is not None
    for entry in FILES.values():
        model = entry.model()
        for obj in model._default_manager.exclude(**{entry.field: ""}).iterator():
            field: FieldFile = getattr(obj, entry.field)
            name = field.name or ""
            if StoredFile.objects.filter(name=name).exists():
                report.already += 1
                continue
            source: Path | None = None
            if default_storage.exists(name):
                source = Path(default_storage.path(name))
            elif old_root is not None and (old_root / name).is_file():
                source = old_root / name
            if source is None:
                report.missing.append(f"{model._meta.label} #{obj.pk}: {name}")
                continue
            with source.open("rb") as fh:
                kind = sniff(fh) or OCTET
            if kind is OCTET:
                report.outside_allowlist.append(f"{model._meta.label} #{obj.pk}: {name}")
            if dry_run:
                report.moved += 1
                continue
            folder = PurePosixPath(name).parent.as_posix()
            with source.open("rb") as fh:
                new_name = default_storage.save(f"{folder}/{random_name(kind.ext)}", File(fh))
            StoredFile.objects.create(name=new_name, original_name=PurePosixPath(name).name[:255],
                                      content_type=kind.content_type, size=source.stat().st_size)
            model._default_manager.filter(pk=obj.pk).update(**{entry.field: new_name})
            source.unlink()
            report.moved += 1
    return report
