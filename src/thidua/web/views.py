"""The shell's own pages: the dashboard (home) and any page as a PDF (reader tools).

The screens of units, people and the registry live in their apps (``org.views``, ``registry.views``…)."""

from __future__ import annotations

import copy
import re
from urllib.parse import urlsplit

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import pdf
from .context import nav_items_for


def home(request: HttpRequest) -> HttpResponse:
    links = [item for item in nav_items_for(request.user, "") if item.url != "/"]
    return render(request, "web/home.html", {"dashboard_links": links})


# --- PDF export of any page (reader tools) -------------------------------------------------------

_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S | re.I)
_TAGS = re.compile(r"<[^>]+>")


def _subrequest(request: HttpRequest, path: str, query: str) -> HttpRequest:
    sub = copy.copy(request)
    sub.method = "GET"
    sub.path = sub.path_info = path
    sub.META = {**request.META, "PATH_INFO": path, "QUERY_STRING": query, "REQUEST_METHOD": "GET"}
    sub.GET = QueryDict(query)
    return sub


@require_GET
def page_pdf(request: HttpRequest) -> HttpResponseBase:
    """GET /xuat-pdf/?path=/ca-nhan/12/ → that page's main content as a PDF.

    The page's own view renders it for the same user, so a page the user may not open
    (403, 404, login redirect) gives the same answer here.
    """
    target = request.GET.get("path", "/")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith(pdf.NO_PDF_PREFIXES):
        raise Http404(_("Trang này không xuất được PDF."))
    try:
        match = resolve(parts.path)
    except Resolver404 as exc:
        raise Http404(_("Không tìm thấy trang cần xuất PDF.")) from exc
    sub = _subrequest(request, parts.path, parts.query)
    sub.resolver_match = match
    response = match.func(sub, *match.args, **match.kwargs)
    if isinstance(response, TemplateResponse):
        response.render()
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        return response
    assert isinstance(response, HttpResponse)
    html = response.content.decode(response.charset or "utf-8")
    heading = _H1.search(html)
    title = " ".join(_TAGS.sub(" ", heading.group(1)).split()) if heading else _("Trang")
    body = pdf.render_pdf(title=title, blocks=pdf.main_blocks(html), source=target,
                          header=_("Thi đua – Khen thưởng tỉnh Lạng Sơn"))
    out = HttpResponse(body, content_type="application/pdf")
    slug = re.sub(r"[^a-z0-9]+", "-", parts.path.lower()).strip("-") or "trang-chu"
    out["Content-Disposition"] = f'attachment; filename="thidua-{slug}.pdf"'
    out["Cache-Control"] = "private, no-store"
    return out
