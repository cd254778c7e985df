"""One refusal type: every "no" a use case gives the user derives from ``Refused``.

A refusal carries a Vietnamese message and means nothing was saved. Workflow, dossier-version,
movement, decision and portal errors derive from it (with Django's ``ValidationError`` where a form
places the messages next to its fields); ``NotAllowed`` is the refusal of a role or a unit scope and
is also Django's ``PermissionDenied``. Views put a refusal on the form (``refusal_messages``); one
left unhandled becomes the shell's Vietnamese error page (``thidua.web.middleware.RefusalMiddleware``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


class Refused(Exception):  # noqa: N818 — a refusal, not a fault
    """A request the law, the data or the user's role does not allow; nothing was saved."""

    status_code = 400


class NotAllowed(Refused, PermissionDenied):
    """The user's role or unit scope does not allow this (HTTP 403)."""

    status_code = 403


def refusal_messages(exc: BaseException) -> list[str]:
    """The Vietnamese messages of a refusal (a ``ValidationError``'s list, or the text)."""
    messages = getattr(exc, "messages", None)
    if isinstance(messages, list) and messages:
        return [str(m) for m in messages]
    return [str(exc)]


def flash_refusal(request: HttpRequest, exc: BaseException) -> None:
    """A refusal on a page that redirects: its messages go to the next page (Django messages)."""
    for text in refusal_messages(exc):
        messages.error(request, text)
