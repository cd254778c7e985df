"""People identity screens: likely duplicates, merge, undo (owned by the identity work)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def duplicates(request: HttpRequest) -> HttpResponse:
    return render(request, "web/duplicates.html", {"groups": []})
