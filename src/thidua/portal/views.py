"""Public portal views: thin. Anonymous visitors get whole pages from the shared cache
(``pagecache.anonymous_page``: the visitor's own CSRF token is put back in on each hit). Others —
staff signed in, a visitor with a pending message — get the page rendered per request around a
content fragment cached once per query string, language and portal generation."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thidua.core.net import client_ip

from . import selectors, services
from .errors import PortalError
from .models import CommentStatus, ConsultationComment, NewsItem, Story, StoryState
from .pagecache import anonymous_page

FRAGMENT_SECONDS = 300


def _cached_fragment(request: HttpRequest, template: str, build: Callable[[], dict[str, Any] | None]) -> str:
    raw = f"{request.path}?{request.META.get('QUERY_STRING', '')}|{get_language()}|{selectors.generation()}"
    key = "portal:frag:" + hashlib.sha256(raw.encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        context = build()
        if context is None:
            raise Http404
        html = render_to_string(template, context)
        cache.set(key, html, FRAGMENT_SECONDS)
    return str(html)


def _page(request: HttpRequest, title: str, fragment: str, *, status: int = 200) -> HttpResponse:
    return render(request, "portal/page.html", {"page_title": title, "fragment": mark_safe(fragment)}, status=status)


@anonymous_page
def home(request: HttpRequest) -> HttpResponse:
    def build() -> dict[str, Any]:
        return {"news": list(selectors.news()[:5]), "stories": list(selectors.published_stories()[:3]),
                "consultation": selectors.nominees_under_consultation()[:5]}
    return _page(request, _("Cổng thông tin thi đua, khen thưởng"), _cached_fragment(request, "portal/_home.html", build))


@anonymous_page
def honours(request: HttpRequest) -> HttpResponse:
    f = selectors.parse_board_filter(request.GET)

    def build() -> dict[str, Any]:
        return {"f": f, "page": selectors.board_page(f, request.GET.get("trang")), **selectors.board_choices(),
                "query": request.GET.copy()}
    return _page(request, _("Bảng vinh danh"), _cached_fragment(request, "portal/_honours.html", build))


@anonymous_page
def person(request: HttpRequest, pk: int) -> HttpResponse:
    return _subject(request, lambda: selectors.person_public(pk))


@anonymous_page
def collective(request: HttpRequest, pk: int) -> HttpResponse:
    return _subject(request, lambda: selectors.collective_public(pk))


def _subject(request: HttpRequest, load: Callable[[], selectors.PublicSubject | None]) -> HttpResponse:
    def build() -> dict[str, Any] | None:
        subject = load()
        return None if subject is None else {"subject": subject}
    html = _cached_fragment(request, "portal/_subject.html", build)
    return _page(request, _("Vinh danh"), html)


@anonymous_page
def stories(request: HttpRequest) -> HttpResponse:
    def build() -> dict[str, Any]:
        return {"stories": list(selectors.published_stories()[:100]),
                "initiatives": list(selectors.public_initiatives()[:200])}
    return _page(request, _("Gương điển hình, sáng kiến"), _cached_fragment(request, "portal/_stories.html", build))


@anonymous_page
def story(request: HttpRequest, pk: int) -> HttpResponse:
    def build() -> dict[str, Any]:
        return {"story": get_object_or_404(selectors.published_stories(), pk=pk)}
    return _page(request, _("Gương điển hình"), _cached_fragment(request, "portal/_story.html", build))


@anonymous_page
def news_list(request: HttpRequest) -> HttpResponse:
    def build() -> dict[str, Any]:
        return {"items": list(selectors.news()[:100])}
    return _page(request, _("Tin tức, thông báo"), _cached_fragment(request, "portal/_news_list.html", build))


@anonymous_page
def news_detail(request: HttpRequest, pk: int) -> HttpResponse:
    def build() -> dict[str, Any]:
        item: NewsItem = get_object_or_404(selectors.news(), pk=pk)
        return {"item": item, "paragraphs": [p for p in item.body.split("\n\n") if p.strip()]}
    return _page(request, _("Tin tức"), _cached_fragment(request, "portal/_news_detail.html", build))


@anonymous_page
def consultation(request: HttpRequest) -> HttpResponse:
    def build() -> dict[str, Any]:
        return {"entries": selectors.nominees_under_consultation()}
    return _page(request, _("Lấy ý kiến nhân dân"), _cached_fragment(request, "portal/_consultation.html", build))


@require_http_methods(["GET", "POST"])
def comment(request: HttpRequest, nominee_id: int) -> HttpResponse:
    entry = selectors.consultation_entry(nominee_id)
    if entry is None:
        raise Http404
    values = {"name": "", "contact": "", "body": ""}
    error = ""
    if request.method == "POST":
        values = {k: str(request.POST.get(k, "")) for k in values}
        try:
            services.submit_comment(
                nominee_id=nominee_id, name=values["name"], contact=values["contact"], body=values["body"],
                honeypot=str(request.POST.get("website", "")), stamp=str(request.POST.get("stamp", "")),
                ip=client_ip(request),
            )
        except PortalError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Cảm ơn bạn đã góp ý. Ý kiến đã được chuyển đến Ban Thi đua – Khen thưởng."))
            return redirect("portal:consultation")
    return render(request, "portal/comment.html",
                  {"entry": entry, "values": values, "error": error, "stamp": services.form_stamp()},
                  status=400 if error else 200)


# ---- office (staff) --------------------------------------------------------------------------

def _office(request: HttpRequest) -> None:
    try:
        services._require_office(request.user)
    except PortalError as exc:
        raise Http404(str(exc)) from exc


@login_required
def office_comments(request: HttpRequest) -> HttpResponse:
    _office(request)
    status = request.GET.get("trang_thai", CommentStatus.PENDING)
    if status not in CommentStatus.values:
        status = ""
    if request.method == "POST":
        c = get_object_or_404(ConsultationComment, pk=request.POST.get("comment"))
        try:
            services.moderate_comment(comment=c, by=request.user, status=str(request.POST.get("status", "")))
        except PortalError as exc:
            messages.error(request, str(exc))
        return redirect(request.get_full_path())
    return render(request, "portal/office_comments.html", {
        "comments": selectors.comments_for_office(status=status)[:200], "status": status,
        "statuses": CommentStatus.choices})


@login_required
def office_stories(request: HttpRequest) -> HttpResponse:
    _office(request)
    error = ""
    if request.method == "POST":
        try:
            services.create_story(by=request.user, title=str(request.POST.get("title", "")),
                                  body=str(request.POST.get("body", "")), summary=str(request.POST.get("summary", "")),
                                  photo=request.FILES.get("photo"), photo_alt=str(request.POST.get("photo_alt", "")))
        except PortalError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Đã tạo bản nháp."))
            return redirect("portal:office_stories")
    return render(request, "portal/office_stories.html",
                  {"stories": selectors.stories_for_office()[:200], "error": error, "states": StoryState})


@login_required
@require_POST
def office_story_transition(request: HttpRequest, pk: int) -> HttpResponse:
    _office(request)
    s = get_object_or_404(Story, pk=pk)
    try:
        services.transition_story(story=s, by=request.user, action=str(request.POST.get("action", "")))
    except PortalError as exc:
        messages.error(request, str(exc))
    return redirect("portal:office_stories")
