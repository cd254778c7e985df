"""Import of award history from Excel (owned by the import work)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def import_awards(request: HttpRequest) -> HttpResponse:
    return render(request, "web/import_awards.html", {})


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    return HttpResponse(status=404)
