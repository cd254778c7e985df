"""One real person, one record: finding likely duplicates, merging them, undoing a merge.

Two records cannot share a citizen ID (database constraint; IDs are cleaned at input, so
"020 080 000 123" and "020080000123" are the same). Records without an ID, or typed twice by
different units, are found by the same name key and the same birth date.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Count
from django.utils import timezone

from thidua.audit.services import Change, record_many, snapshot
from thidua.org.models import Person, PersonMerge, PersonNameSuffix
from thidua.org.scope import people_visible_to
from thidua.org.services import require_office

# Fields of the kept record filled from the removed one when empty (restored exactly by undo).
FILL_FIELDS = ("citizen_id", "birth_date", "unit_id")
# Relations that are not "history" of the person and never move.
_NOT_MOVED = {"merged_from", "merges_kept", "merges_removed", "name_suffixes"}


@dataclass(frozen=True)
class DuplicateGroup:
    search_key: str
    birth_date: Any
    people: list[Person]


def duplicate_groups(*, user: Any, limit: int = 200) -> list[DuplicateGroup]:
    """Groups of visible records with the same name key and birth date (two queries in all)."""
    visible = people_visible_to(user).filter(birth_date__isnull=False)
    keys = list(
        visible.values("search_key", "birth_date").annotate(n=Count("id")).filter(n__gt=1)
        .order_by("search_key", "birth_date")[:limit]
    )
    if not keys:
        return []
    wanted = {(k["search_key"], k["birth_date"]) for k in keys}
    grouped: dict[tuple[str, Any], list[Person]] = defaultdict(list)
    rows = visible.filter(search_key__in={k for k, _ in wanted}).select_related("unit").order_by("pk")
    for person in rows:
        if (person.search_key, person.birth_date) in wanted:
            grouped[(person.search_key, person.birth_date)].append(person)
    return [DuplicateGroup(k, b, grouped[(k, b)]) for k, b in sorted(wanted, key=lambda t: (t[0], t[1]))
            if len(grouped[(k, b)]) > 1]


def _history_relations() -> list[models.ForeignKey[Any, Any]]:
    """Every foreign key to Person from another table (awards, ratings, positions, nominees …).

    Found from the model graph so that tables added later by other apps move too.
    """
    fks = []
    for rel in Person._meta.related_objects:
        if rel.one_to_many and rel.get_accessor_name() not in _NOT_MOVED:
            fks.append(rel.field)
    return fks  # type: ignore[return-value]


def _check_same_person(keep: Person, remove: Person) -> None:
    if keep.pk == remove.pk:
        raise ValidationError("Không thể gộp một hồ sơ với chính nó.")
    for p in (keep, remove):
        if p.merged_into_id is not None:
            raise ValidationError(f"Hồ sơ «{p.full_name}» (mã {p.pk}) đã được gộp vào hồ sơ khác.")
    if keep.citizen_id and remove.citizen_id and keep.citizen_id != remove.citizen_id:
        raise ValidationError(
            f"Hai hồ sơ có số định danh khác nhau ({keep.citizen_id} và {remove.citizen_id}): "
            "không phải cùng một người, không gộp."
        )
    if keep.sex != remove.sex:
        raise ValidationError("Hai hồ sơ khác giới tính: không phải cùng một người, không gộp.")
    if keep.birth_date and remove.birth_date and keep.birth_date != remove.birth_date:
        raise ValidationError(
            f"Hai hồ sơ khác ngày sinh ({keep.birth_date:%d/%m/%Y} và {remove.birth_date:%d/%m/%Y}); "
            "hãy sửa ngày sinh đúng trước khi gộp."
        )


def _year_conflicts(keep: Person, remove: Person) -> set[int]:
    """Years rated on both records. Same rating: the removed copy stays behind; different: refuse."""
    from thidua.registry.models import YearRecord

    kept = dict(YearRecord.objects.filter(person=keep).values_list("year", "rating"))
    clash: set[int] = set()
    for year, rating in YearRecord.objects.filter(person=remove).values_list("year", "rating"):
        if year in kept:
            if kept[year] != rating:
                raise ValidationError(
                    f"Năm {year}: hồ sơ giữ lại xếp loại {kept[year]}, hồ sơ gộp vào xếp loại {rating}. "
                    "Mỗi người chỉ có một xếp loại mỗi năm — hãy sửa xếp loại đúng trước khi gộp."
                )
            clash.add(year)
    return clash


def merge_people(*, by: Any, keep: Person, remove: Person) -> PersonMerge:
    """Move all history of ``remove`` to ``keep``; ``remove`` stays, marked ``merged_into``."""
    require_office(by)
    from thidua.registry.models import Award, YearRecord

    with transaction.atomic():
        keep, remove = (Person.objects.select_for_update().get(pk=p.pk) for p in (keep, remove))
        _check_same_person(keep, remove)
        clash_years = _year_conflicts(keep, remove)
        keep_before, remove_before = snapshot(keep), snapshot(remove)
        moved: dict[str, list[int]] = {}
        changes: list[Change] = []
        for fk in _history_relations():
            model = fk.model
            rows = model._default_manager.filter(**{fk.name: remove})
            if model is YearRecord:
                rows = rows.exclude(year__in=clash_years)
            if model is Award:
                # The same award recorded on both records: the removed copy stays behind.
                held = set(Award.objects.filter(person=keep).values_list("code", "year", "decision_number"))
                twins = [pk for pk, *nat in Award.objects.filter(person=remove)
                         .values_list("pk", "code", "year", "decision_number") if tuple(nat) in held]
                rows = rows.exclude(pk__in=twins)
            ids = sorted(rows.values_list("pk", flat=True))
            if not ids:
                continue
            label = model._meta.label_lower
            befores = {obj.pk: snapshot(obj) for obj in model._default_manager.filter(pk__in=ids)}
            try:
                with transaction.atomic():
                    model._default_manager.filter(pk__in=ids).update(**{fk.name: keep})
            except IntegrityError as exc:
                raise ValidationError(
                    f"Không gộp được: bảng «{model._meta.verbose_name}» có bản ghi trùng giữa hai hồ sơ ({exc})."
                ) from exc
            moved[f"{label}.{fk.name}"] = ids
            for obj in model._default_manager.filter(pk__in=ids):
                changes.append(Change("person_merge.move", label, str(obj.pk), befores[obj.pk], snapshot(obj)))
        filled = []
        for name in FILL_FIELDS:
            if getattr(keep, name) in (None, "") and getattr(remove, name) not in (None, ""):
                filled.append(name)
        if "citizen_id" in filled:
            keep.citizen_id, remove.citizen_id = remove.citizen_id, None
            remove.save(update_fields=["citizen_id", "updated_at"])
        for name in filled:
            if name != "citizen_id":
                setattr(keep, name, getattr(remove, name))
        keep.save()
        remove.merged_into = keep
        remove.save(update_fields=["merged_into", "updated_at"])
        merge = PersonMerge.objects.create(
            keep=keep, removed=remove, by=by if getattr(by, "pk", None) else None,
            moved={"rows": moved, "filled": filled, "keep_before": keep_before, "removed_before": remove_before},
        )
        changes += [
            Change("person.merge", "org.person", str(keep.pk), keep_before,
                   {**snapshot(keep), "merge_id": merge.pk, "removed_id": remove.pk}),
            Change("person.merged_into", "org.person", str(remove.pk), remove_before, snapshot(remove)),
            Change("person_merge.create", "org.personmerge", str(merge.pk), None, snapshot(merge)),
        ]
        record_many(actor=by, changes=changes)
    return merge


def undo_merge(*, by: Any, merge: PersonMerge) -> PersonMerge:
    """Put back exactly the rows and fields the merge moved."""
    require_office(by)
    with transaction.atomic():
        merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
        if merge.undone_at is not None:
            when = timezone.localtime(merge.undone_at)
            raise ValidationError(f"Lần gộp này đã được hoàn tác lúc {when:%H:%M %d/%m/%Y}.")
        keep = Person.objects.select_for_update().get(pk=merge.keep_id)
        remove = Person.objects.select_for_update().get(pk=merge.removed_id)
        if remove.merged_into_id != keep.pk:
            raise ValidationError("Hồ sơ đã gộp không còn trỏ tới hồ sơ giữ lại; không thể hoàn tác tự động.")
        if keep.merged_into_id is not None:
            raise ValidationError(f"Hồ sơ «{keep.full_name}» đã được gộp tiếp vào hồ sơ khác; hãy hoàn tác lần "
                                  "gộp sau trước.")
        keep_before_undo, remove_before_undo = snapshot(keep), snapshot(remove)
        relations = {f"{fk.model._meta.label_lower}.{fk.name}": fk for fk in _history_relations()}
        changes: list[Change] = []
        for key, ids in merge.moved.get("rows", {}).items():
            fk = relations[key]
            model = fk.model
            befores = {obj.pk: snapshot(obj) for obj in model._default_manager.filter(pk__in=ids)}
            model._default_manager.filter(pk__in=ids, **{fk.name: keep}).update(**{fk.name: remove})
            for obj in model._default_manager.filter(pk__in=ids):
                changes.append(Change("person_merge.unmove", model._meta.label_lower, str(obj.pk),
                                      befores.get(obj.pk), snapshot(obj)))
        restore_keep = merge.moved.get("keep_before", {})
        restore_remove = merge.moved.get("removed_before", {})
        filled = merge.moved.get("filled", [])
        if "citizen_id" in filled:
            keep.citizen_id = restore_keep.get("citizen_id")
            keep.save(update_fields=["citizen_id", "updated_at"])
        for name in filled:
            if name != "citizen_id":
                value = restore_keep.get(name)
                if name == "birth_date" and value:
                    value = dt.date.fromisoformat(value)
                setattr(keep, name, value)
        keep.save()
        remove.merged_into = None
        remove.citizen_id = restore_remove.get("citizen_id")
        remove.save(update_fields=["merged_into", "citizen_id", "updated_at"])
        PersonNameSuffix.sync(remove)
        merge.undone_at = timezone.now()
        merge.undone_by = by if getattr(by, "pk", None) else None
        merge.save(update_fields=["undone_at", "undone_by"])
        changes += [
            Change("person.unmerge", "org.person", str(keep.pk), keep_before_undo, snapshot(keep)),
            Change("person.unmerge", "org.person", str(remove.pk), remove_before_undo, snapshot(remove)),
            Change("person_merge.undo", "org.personmerge", str(merge.pk), None, snapshot(merge)),
        ]
        record_many(actor=by, changes=changes)
    return merge


def merges_visible_to(user: Any, *, limit: int = 100) -> list[PersonMerge]:
    if not getattr(user, "is_province_wide", False):
        return []
    return list(PersonMerge.objects.select_related("keep", "removed", "by")[:limit])


__all__ = ["DuplicateGroup", "duplicate_groups", "merge_people", "merges_visible_to", "undo_merge"]
