"""“What can be proposed this year”: a person's verdicts with reasons, a unit's eligible people."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render

from thidua.org.models import Unit
from thidua.org.scope import people_visible_to, require_unit
from thidua.registry import achievement, eligibility

MAX_SHOWN_PER_AWARD = 200


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("nam", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return eligibility.default_year()


@login_required
def person_eligibility(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(people_visible_to(request.user).select_related("unit"), pk=pk)
    year = _year(request)
    as_of = eligibility.today()
    view = achievement.catalog_view(as_of)
    offered = ([a.code for a in eligibility.individual_awards(view, eligibility.is_armed_forces(person))]
               if view is not None else None)  # never a title the person cannot hold (issue 12 item 4)
    verdicts = eligibility.explain_person(person, year=year, as_of=as_of, codes=offered)
    held = achievement.held_by_people([person.pk], [year]).get(person.pk, [])
    rows = [(v, achievement.other_forms(view, held, v.award, year)) for v in verdicts]
    return render(request, "registry/eligibility_person.html", {
        "person": person, "year": year, "verdicts": rows, "as_of": as_of,
    })


@login_required
def unit_eligibility(request: HttpRequest, code: str) -> HttpResponseBase:
    unit = get_object_or_404(Unit, code=code)
    require_unit(request.user, unit)
    year = _year(request)
    view = eligibility.catalog_view()
    awards = eligibility.individual_awards(view, eligibility.unit_armed(unit))
    wanted = request.GET.get("ma") or None
    codes = [wanted] if wanted in {a.code for a in awards} else None
    # only what the unit's people can hold (the catalog's `serves`, issue 12 item 4)
    result = eligibility.evaluate_population(unit, year=year, codes=codes or [a.code for a in awards])
    if request.GET.get("xlsx"):
        buffer = io.BytesIO()
        eligibility.write_xlsx(result, buffer, unit=unit)
        buffer.seek(0)
        return FileResponse(buffer, as_attachment=True, filename=f"du-dieu-kien-{unit.code}-{year}.xlsx")
    rows = eligibility.eligible_rows(result)
    flags = eligibility.same_form_flags(result, rows)
    groups: dict[str, dict[str, object]] = {}
    for award_code, name, person in rows:
        group = groups.setdefault(award_code, {"code": award_code, "name": name, "people": [], "total": 0})
        group["total"] = int(group["total"]) + 1  # type: ignore[call-overload]
        if len(group["people"]) < MAX_SHOWN_PER_AWARD:  # type: ignore[arg-type]
            group["people"].append((person, flags.get((award_code, person.pk), [])))  # type: ignore[attr-defined]
    return render(request, "registry/eligibility_unit.html", {
        "unit": unit, "year": year, "awards": awards, "selected": codes[0] if codes else "",
        "groups": list(groups.values()), "considered": result.count(), "as_of": result.as_of,
        "max_shown": MAX_SHOWN_PER_AWARD,
    })
