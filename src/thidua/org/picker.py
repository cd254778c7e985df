"""The person picker: a search box that lists up to ``LIMIT`` people in the user's scope as radio
buttons named after the form's field.

Without JavaScript the form's «Tìm» button posts the form back and its view renders the results
(``picker_context``); with htmx the box asks ``org.views.person_picker`` for the same fragment as you type.
Either way the list shows name, birth year and unit — never the citizen ID.
"""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest

from . import selectors as org_selectors
from .models import Unit

LIMIT = 20
FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
PREFIX = re.compile(r"[a-z]{0,3}")


def search_field(field: str) -> str:
    """The name of the picker's text box for ``field`` (posted back by the no-JS «Tìm» button)."""
    return f"{field}_q"


def find_button(field: str) -> str:
    return f"{field}_tim"


def is_search(request: HttpRequest, field: str) -> bool:
    """True when the form was posted by the picker's «Tìm» button, not by its own submit."""
    return request.method == "POST" and find_button(field) in request.POST


def find_people(*, user: Any, field: str, prefix: str, query: str, unit: Unit | None, selected: str) -> dict[str, Any]:
    query = query.strip()[:100]
    people = org_selectors.search_people(user=user, query=query, limit=LIMIT, under=unit) if query else []
    choices = [{"person": p, "value": f"{prefix}{p.pk}", "checked": f"{prefix}{p.pk}" == selected} for p in people]
    return {"field": field, "prefix": prefix, "q": query, "choices": choices, "limit": LIMIT, "unit": unit,
            "full": len(people) >= LIMIT}


def picker_context(request: HttpRequest, *, field: str, unit: Unit | None = None, prefix: str = "") -> dict[str, Any]:
    """What ``org/_person_picker.html`` needs: the box's text, the people found, the chosen value.

    ``unit`` keeps the search to that unit's subtree; ``prefix`` goes before each person's id in
    the radio's value (``p`` gives ``p12``, for a field that also takes collectives).
    """
    data = request.POST if request.method == "POST" else request.GET
    return find_people(user=request.user, field=field, prefix=prefix, query=data.get(search_field(field), ""),
                   unit=unit, selected=data.get(field, ""))
