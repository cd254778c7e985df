"""The person picker: a search box that lists up to ``LIMIT`` people in the user's scope as radio
buttons named after the form's field.

Without JavaScript the form's «Tìm» button posts the form back and its view renders the results
(``picker_context``); with htmx the box asks ``person_picker`` for the same fragment as you type.
Either way the list shows name, birth year and unit — never the citizen ID.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from thidua.accounts.scope import units_visible_to
from thidua.org import selectors as org_selectors
from thidua.org.models import Unit

LIMIT = 20
_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
_PREFIX = re.compile(r"[a-z]{0,3}")


def search_field(field: str) -> str:
    """The name of the picker's text box for ``field`` (posted back by the no-JS «Tìm» button)."""
    return f"{field}_q"


def find_button(field: str) -> str:
    return f"{field}_tim"


def is_search(request: HttpRequest, field: str) -> bool:
    """True when the form was posted by the picker's «Tìm» button, not by its own submit."""
    return request.method == "POST" and find_button(field) in request.POST


def _picker(*, user: Any, field: str, prefix: str, query: str, unit: Unit | None, selected: str) -> dict[str, Any]:
    query = query.strip()[:100]
    people = org_selectors.search_people(user=user, query=query, limit=LIMIT, under=unit) if query else []
    choices = [{"person": p, "value": f"{prefix}{p.pk}", "checked": f"{prefix}{p.pk}" == selected} for p in people]
    return {"field": field, "prefix": prefix, "q": query, "choices": choices, "limit": LIMIT, "unit": unit,
            "full": len(people) >= LIMIT}


def picker_context(request: HttpRequest, *, field: str, unit: Unit | None = None, prefix: str = "") -> dict[str, Any]:
    """What ``web/_person_picker.html`` needs: the box's text, the people found, the chosen value.

    ``unit`` keeps the search to that unit's subtree; ``prefix`` goes before each person's id in
    the radio's value (``p`` gives ``p12``, for a field that also takes collectives).
    """
    data = request.POST if request.method == "POST" else request.GET
    return _picker(user=request.user, field=field, prefix=prefix, query=data.get(search_field(field), ""),
                   unit=unit, selected=data.get(field, ""))


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
    if not _NAME.fullmatch(field) or not _PREFIX.fullmatch(prefix):
        return HttpResponseBadRequest(_("Tham số «field» hoặc «prefix» không hợp lệ."))
    unit: Unit | None = None
    raw_unit = request.GET.get("don-vi", "")
    if raw_unit:
        unit = units_visible_to(request.user).filter(pk=raw_unit).first() if raw_unit.isdigit() else None
        if unit is None:
            raise PermissionDenied(_("Đơn vị này không thuộc phạm vi đơn vị của bạn."))
    query = request.GET.get("q") or request.GET.get(search_field(field)) or ""
    return render(request, "web/_person_picker_results.html", {
        "picker": _picker(user=request.user, field=field, prefix=prefix, query=query, unit=unit, selected="")})
