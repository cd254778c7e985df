"""The unit page and the person page: everything the registry holds about them.

Eligibility, the award import and identity (duplicates, merges) have their own modules
(``views_eligibility``, ``views_import``, ``views_identity``).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from thidua.org import selectors as org_selectors
from thidua.org.models import Person, Unit
from thidua.org.scope import people_visible_to, require_unit

from . import achievement, eligibility, selectors


@login_required
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit.objects.select_related("parent"), code=code)
    require_unit(request.user, unit)
    return render(request, "registry/unit.html", {
        "unit": unit,
        "children": org_selectors.unit_children(unit),
        "history": selectors.unit_history(unit),
    })


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visible = people_visible_to(request.user)
    person = visible.select_related("unit").filter(pk=pk).first()
    if person is None:
        # A record merged into another (duplicate) leads to the surviving record, if in scope.
        survivor = Person.objects.filter(pk=pk).values_list("merged_into_id", flat=True).first()
        if survivor and visible.filter(pk=survivor).exists():
            return redirect("registry:person", pk=survivor)
        raise Http404(_("Không tìm thấy cá nhân trong phạm vi đơn vị của bạn."))
    history = selectors.person_history(person)
    flags = achievement.flag_history([a for y in history.timeline for a in y.awards], eligibility.today())
    for y in history.timeline:
        for a in y.awards:
            a.same_form_flags = flags.get(a.pk, [])  # type: ignore[attr-defined]
    return render(request, "registry/person.html", {"person": person, "history": history})
