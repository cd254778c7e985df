"""People identity screens: likely duplicates, merge (with a side-by-side confirmation), undo."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts.permissions import BOARD_ROLES, has_role, require_role
from thidua.org.models import Person, PersonMerge
from thidua.org.scope import people_visible_to
from thidua.registry.identity import duplicate_groups, merge_people, merges_visible_to, undo_merge


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@login_required
def duplicates(request: HttpRequest) -> HttpResponse:
    return render(request, "registry/duplicates.html", {
        "groups": duplicate_groups(user=request.user),
        "merges": merges_visible_to(request.user),
        "can_merge": has_role(request.user, BOARD_ROLES),
    })


def _with_counts(pk: int, user: Any) -> Person:
    qs = people_visible_to(user).select_related("unit").annotate(
        n_awards=Count("awards", distinct=True), n_ratings=Count("year_records", distinct=True),
        n_positions=Count("positions", distinct=True),
    )
    person = qs.filter(pk=pk).first()
    if person is None:
        raise Http404(_("Không tìm thấy hồ sơ cá nhân (hoặc hồ sơ ngoài phạm vi của bạn)."))
    return person


@login_required
def merge_confirm(request: HttpRequest) -> HttpResponse:
    """GET: both records side by side; POST: merge ``remove`` into ``keep``."""
    require_role(request.user, BOARD_ROLES, "",
                 message=_("Chỉ chuyên viên Ban Thi đua – Khen thưởng hoặc quản trị hệ thống được gộp hồ sơ."))
    data = request.POST if request.method == "POST" else request.GET
    try:
        keep_id, remove_id = int(data.get("keep", "")), int(data.get("remove", ""))
    except ValueError:
        messages.error(request, _("Hãy chọn hồ sơ giữ lại và hồ sơ gộp vào."))
        return redirect("registry:duplicates")
    keep, remove = _with_counts(keep_id, request.user), _with_counts(remove_id, request.user)
    if request.method == "POST":
        try:
            merge_people(by=request.user, keep=keep, remove=remove)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Đã gộp hồ sơ «%(name)s» (mã %(removed)s) vào hồ sơ mã %(keep)s.")
                             % {"name": remove.full_name, "removed": remove.pk, "keep": keep.pk})
            return redirect("registry:person", keep.pk)
    return render(request, "registry/identity/merge_confirm.html", {"keep": keep, "remove": remove})


@login_required
@require_POST
def merge_undo(request: HttpRequest, pk: int) -> HttpResponse:
    merge = get_object_or_404(PersonMerge, pk=pk)
    try:
        undo_merge(by=request.user, merge=merge)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Đã hoàn tác việc gộp: hồ sơ mã %(removed)s được tách lại như trước.")
                         % {"removed": merge.removed_id})
    return redirect("registry:duplicates")
