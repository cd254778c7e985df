"""Refusals become Vietnamese pages in one place.

A view that shows a form catches the refusal and puts its messages on the form
(``thidua.core.errors.refusal_messages``); a refusal no view caught — a role or a unit scope the
user lacks (``NotAllowed``, Django's ``PermissionDenied``) or a step the workflow does not allow
(``Refused``) — is answered here with the shell's ``403.html`` and the refusal's own message,
instead of Django's bare English "403 Forbidden".
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import render

from thidua.core.errors import Refused, refusal_messages


def refusal_page(request: HttpRequest, exc: BaseException) -> HttpResponse:
    forbidden = isinstance(exc, PermissionDenied)
    status = 403 if forbidden else getattr(exc, "status_code", 400)
    return render(request, "403.html", {"message": " ".join(refusal_messages(exc)), "forbidden": forbidden},
                  status=status)


class RefusalMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, (Refused, PermissionDenied)):
            return refusal_page(request, exception)
        return None


def _has_nul(data: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in str(v) for v in values) for key, values in data.lists())


class RejectNulMiddleware:
    """A NUL character in the address, a query or a form field is bad input, answered with 400 in
    Vietnamese before any view runs (issue 13, L1): PostgreSQL refuses NUL in text, so it would
    otherwise reach the database as an HTTP 500 on any page that searches or filters."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or _has_nul(request.GET) or (request.method == "POST" and _has_nul(request.POST)):
            return HttpResponseBadRequest("Yêu cầu có ký tự không hợp lệ (NUL): hãy nhập lại nội dung.",
                                          content_type="text/plain; charset=utf-8")
        return self.get_response(request)
