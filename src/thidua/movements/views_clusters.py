"""The office's cluster screens: clusters and blocks of a year, and a cluster's members for a year.

The office (specialist, admin) changes them; a unit's clerk or head sees the clusters its unit is in,
read-only; other roles get 403. Thin views: the rules and the audit live in ``membership``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.permissions import BOARD_ROLES, LEADER_ROLES, UNIT_ROLES, require_role, role_of
from thidua.core.errors import NotAllowed
from thidua.org.models import Cluster, ClusterKind, Unit
from thidua.org.scope import units_visible_to

from . import membership
from .errors import MovementError
from .models import SheetStatus

TREE_DEPTH = 2  # levels of the unit tree listed below the user's top unit before any search


def _can_view(request: HttpRequest) -> bool:
    """Board roles change; unit roles read their own clusters; the council and the chair read every
    cluster (the flag and certificates they vote and sign come from these rankings)."""
    require_role(request.user, BOARD_ROLES | UNIT_ROLES | LEADER_ROLES, "xem cụm, khối thi đua")
    return role_of(request.user) in BOARD_ROLES


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("nam") or request.POST.get("nam") or ""
    year = int(raw) if raw.isdigit() else timezone.localdate().year
    return year if membership.FIRST_YEAR <= year <= membership.LAST_YEAR else timezone.localdate().year


@login_required
def cluster_list(request: HttpRequest) -> HttpResponse:
    is_board = _can_view(request)
    year = _year(request)
    values = {"code": "", "name": "", "kind": ClusterKind.CLUSTER.value}
    errors: list[str] = []
    if request.method == "POST":
        if not is_board:
            raise NotAllowed(_("Chỉ Ban Thi đua – Khen thưởng lập cụm, khối thi đua."))
        values = {k: request.POST.get(k, "") for k in values}
        try:
            cluster = membership.create_cluster(by=request.user, **values)
        except MovementError as err:
            errors = list(err.messages)
        else:
            messages.success(request, _("Đã lập «%(name)s». Thêm thành viên năm %(year)s.")
                             % {"name": cluster.name, "year": year})
            return redirect("movements:membership", cluster_pk=cluster.pk, year=year)
    return render(request, "movements/clusters.html", {
        "year": year, "rows": membership.cluster_rows(request.user, year), "is_board": is_board,
        "values": values, "errors": errors, "kinds": ClusterKind.choices,
    })


def _cluster_for(request: HttpRequest, cluster_pk: int, year: int) -> Cluster:
    if not membership.FIRST_YEAR <= year <= membership.LAST_YEAR:
        raise Http404(_("Năm ngoài khoảng cho phép."))
    cluster = membership.clusters_visible_to(request.user, year).filter(pk=cluster_pk).first()
    if cluster is None:
        get_object_or_404(Cluster, pk=cluster_pk)
        raise Http404(_("Đơn vị của bạn không thuộc cụm, khối này trong năm đã chọn."))
    return cluster


@login_required
def cluster_year(request: HttpRequest, cluster_pk: int, year: int) -> HttpResponse:
    is_board = _can_view(request)
    cluster = _cluster_for(request, cluster_pk, year)
    query = request.GET.get("q", "")
    if request.method == "POST":
        if not is_board:
            raise NotAllowed(_("Chỉ Ban Thi đua – Khen thưởng phân công cụm, khối thi đua."))
        try:
            _act(request, cluster, year)
        except MovementError as err:
            for text in err.messages:
                messages.error(request, text)
        else:
            return redirect(reverse("movements:membership", args=[cluster.pk, year]))
    view = membership.year_view(cluster, year)
    editable = is_board and not (view.sheet and view.sheet.status == SheetStatus.CLOSED)
    found = membership.candidates(request.user, cluster, year, query=query, tree_depth=TREE_DEPTH) if editable else []
    return render(request, "movements/membership.html", {
        "v": view, "cluster": cluster, "year": year, "is_board": is_board, "query": query,
        "candidates": found, "truncated": len(found) >= membership.CANDIDATE_LIMIT,
        "years": membership.years_of(cluster),
        "leader_choice": view.leader or view.proposed_leader, "deputy_choice": view.deputy or view.proposed_deputy,
    })


def _unit(request: HttpRequest, pk: str) -> Unit | None:
    return units_visible_to(request.user).filter(pk=pk).first() if pk.isdigit() else None


def _act(request: HttpRequest, cluster: Cluster, year: int) -> None:
    action = request.POST.get("action", "")
    if action == "add":
        ids = [p for p in request.POST.getlist("don_vi") if p.isdigit()]
        units = list(units_visible_to(request.user).filter(pk__in=ids))
        added = membership.add_members(cluster=cluster, year=year, units=units, by=request.user)
        messages.success(request, _("Đã thêm %(n)s đơn vị.") % {"n": len(added)})
    elif action == "remove":
        unit = _unit(request, request.POST.get("don_vi", ""))
        if unit is not None and membership.remove_member(cluster=cluster, year=year, unit=unit, by=request.user):
            messages.success(request, _("Đã bỏ «%(name)s» khỏi năm %(year)s.") % {"name": unit.name, "year": year})
    elif action == "roles":
        leader = _unit(request, request.POST.get("cum_truong", ""))
        deputy = _unit(request, request.POST.get("cum_pho", ""))
        membership.set_roles(cluster=cluster, year=year, leader=leader, deputy=deputy, by=request.user)
        messages.success(request, _("Đã lưu cụm trưởng, cụm phó năm %(year)s.") % {"year": year})
    elif action == "copy":
        rows = membership.copy_previous_year(cluster=cluster, year=year, by=request.user)
        messages.success(request, _("Đã chép %(n)s thành viên từ năm %(prev)s, cụm trưởng và cụm phó luân phiên.")
                         % {"n": len(rows), "prev": year - 1})
    else:
        raise MovementError(_("Thao tác không hợp lệ."))

