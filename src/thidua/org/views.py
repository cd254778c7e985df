"""Screens of units and people: the unit tree, the people search, the person picker's fragment.

The unit page and the person page show what the registry holds, so they live in ``registry.views``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from thidua.core.errors import NotAllowed

from . import picker
from . import selectors as org_selectors
from .models import Unit
from .scope import units_visible_to


@login_required
def units(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    tree = org_selectors.visible_unit_tree(user=request.user, query=query)
    return render(request, "org/units.html", {"tree": tree, "q": query})


@login_required
def people(request: HttpRequest) -> HttpResponse:
    """The search form posts (issue 13, L4: a citizen id never goes into a URL, hence into access logs);
    a name in ``?q=`` still works for links, a number there is refused without being searched."""
    if request.method == "POST":
        query = request.POST.get("q", "").strip()
    else:
        query = request.GET.get("q", "").strip()
        if any(ch.isdigit() for ch in query):
            return render(request, "org/people.html", {"q": "", "results": [], "refused": _(
                "Tra cứu theo số định danh cá nhân bằng ô tìm kiếm của trang (không đặt số trong địa chỉ).")},
                status=400)
    results = org_selectors.search_people(user=request.user, query=query) if query else []
    return render(request, "org/people.html", {"q": query, "results": results})


@never_cache
@require_GET
def person_picker(request: HttpRequest) -> HttpResponseBase:
    """GET /ca-nhan/chon/?q=...&field=...[&prefix=p][&don-vi=<unit id>] → the results fragment."""
    if not request.user.is_authenticated:
        if request.headers.get("HX-Request") == "true":
            # htmx would put the login page inside the list: send the whole page to sign in instead.
            refused = HttpResponse(status=401)
            page = urlsplit(request.headers.get("HX-Current-URL", "/"))
            refused["HX-Redirect"] = reverse("accounts:login") + "?" + urlencode({"next": page.path or "/"})
            return refused
        return redirect_to_login(request.get_full_path())
    field = request.GET.get("field", "")
    prefix = request.GET.get("prefix", "")
    if not picker.FIELD_NAME.fullmatch(field) or not picker.PREFIX.fullmatch(prefix):
        return HttpResponseBadRequest(_("Tham số «field» hoặc «prefix» không hợp lệ."))
    unit: Unit | None = None
    raw_unit = request.GET.get("don-vi", "")
    if raw_unit:
        unit = units_visible_to(request.user).filter(pk=raw_unit).first() if raw_unit.isdigit() else None
        if unit is None:
            raise NotAllowed(_("Đơn vị này không thuộc phạm vi đơn vị của bạn."))
    query = request.GET.get("q") or request.GET.get(picker.search_field(field)) or ""
    return render(request, "org/_person_picker_results.html", {
        "picker": picker.find_people(user=request.user, field=field, prefix=prefix, query=query, unit=unit, selected="")})
