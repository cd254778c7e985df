"""Thin views: they call selectors and services and render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from thidua.accounts.scope import people_visible_to, require_unit
from thidua.org import selectors as org_selectors
from thidua.org.models import Unit
from thidua.registry import selectors as reg_selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html")


@login_required
def units(request: HttpRequest) -> HttpResponse:
    visible = org_selectors.visible_units(user=request.user)
    roots = visible.order_by("depth")[:1]
    top_depth = roots[0].depth if roots else 0
    top = visible.filter(depth__lte=top_depth + 1).order_by("path")
    return render(request, "web/units.html", {"units": top})


@login_required
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code)
    require_unit(request.user, unit)
    return render(request, "web/unit.html", {
        "unit": unit,
        "children": org_selectors.unit_children(unit),
        "awards": reg_selectors.unit_awards(unit)[:200],
    })


@login_required
def people(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    results = org_selectors.search_people(user=request.user, query=query) if query else []
    return render(request, "web/people.html", {"q": query, "results": results})


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(people_visible_to(request.user).select_related("unit"), pk=pk)
    return render(request, "web/person.html", {
        "person": person,
        "awards": reg_selectors.person_awards(person),
        "ratings": reg_selectors.person_year_records(person),
        "positions": person.positions.select_related("unit").order_by("-valid_from"),
    })
