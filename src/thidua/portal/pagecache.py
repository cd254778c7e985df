"""Whole-response cache of the public pages for anonymous visitors.

A page an anonymous visitor sees depends only on its path and query string, the language, the
portal's data and the visitor's CSRF token (the language switch is a POST form). So the first
hit stores the rendered page with its token replaced by a marker, tagged with the portal
generation it was built from; a later hit checks that the tag is the current generation and puts
the visitor's own token back in (``get_token``: the CSRF middleware then sets the cookie as for
any page). A visitor with a session (staff signed in) or a
pending message is served by the view itself, whose content fragment is cached on its own
(``views._cached_fragment``). Responses carry an ETag (the page's digest and the visitor's CSRF
secret) so a browser revalidating gets 304 with no body; ``Cache-Control: private, no-cache``
keeps shared proxies from storing a page that holds one visitor's token.

Each process also keeps the pages it served last (``LOCAL_PAGES``, least recently used out) and
trusts the generation it read for ``selectors.GENERATION_MEMO_SECONDS``: a hot page then costs no
round trip to the shared cache at all (with the database cache, the production default, that round
trip is most of a cached hit's cost). Entries stay tagged, so a write still retires them everywhere
within that second.
"""

from __future__ import annotations

import functools
import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from . import selectors

PAGE_SECONDS = 300
LOCAL_PAGES = 256
CSRF_MARKER = "\x00csrf\x00"
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')

View = Callable[..., HttpResponseBase]


def page_key(request: HttpRequest) -> str:
    raw = f"{request.path}?{request.META.get('QUERY_STRING', '')}|{get_language()}"
    return "portal:page:" + hashlib.sha256(raw.encode()).hexdigest()


def _cacheable_request(request: HttpRequest) -> bool:
    return (request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and CookieStorage.cookie_name not in request.COOKIES)


def _etag(digest: str, request: HttpRequest) -> str:
    secret = str(request.META.get("CSRF_COOKIE", ""))
    return '"' + hashlib.sha256(f"{digest}|{secret}".encode()).hexdigest()[:32] + '"'


def _headers(response: HttpResponseBase, digest: str, request: HttpRequest) -> None:
    response["ETag"] = _etag(digest, request)
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ("Cookie",))


def _serve(request: HttpRequest, entry: dict[str, Any]) -> HttpResponseBase:
    digest = str(entry["digest"])
    if request.META.get("CSRF_COOKIE") and request.META.get("HTTP_IF_NONE_MATCH") == _etag(digest, request):
        not_modified = HttpResponseNotModified()
        _headers(not_modified, digest, request)
        return not_modified
    body = str(entry["body"])
    if CSRF_MARKER in body:
        body = body.replace(CSRF_MARKER, get_token(request))
    response = HttpResponse(body, content_type=str(entry["content_type"]))
    _headers(response, digest, request)
    return response


def _store(key: str, generation: int, response: HttpResponse) -> dict[str, Any] | None:
    body = response.content.decode(response.charset or "utf-8")
    tokens = set(_CSRF_INPUT.findall(body))
    if len(tokens) > 1:
        return None  # more than one token on a page: not a page this cache knows how to share
    for token in tokens:
        body = body.replace(token, CSRF_MARKER)
    entry = {"generation": generation, "body": body, "content_type": response["Content-Type"],
             "digest": hashlib.sha256(body.encode()).hexdigest()}
    cache.set(key, entry, PAGE_SECONDS)
    return entry


class _LocalPages:
    """This process's most recently served pages, by key (each keeps its generation tag)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.lock = threading.Lock()
        self.pages: OrderedDict[str, dict[str, Any]] = OrderedDict()

    def get(self, key: str, generation: int) -> dict[str, Any] | None:
        with self.lock:
            entry = self.pages.get(key)
            if entry is None or entry["generation"] != generation:
                return None
            self.pages.move_to_end(key)
            return entry

    def put(self, key: str, entry: dict[str, Any]) -> None:
        with self.lock:
            self.pages[key] = entry
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()


_local = _LocalPages(LOCAL_PAGES)


def forget_local() -> None:
    """Forget this process's pages and generation (tests flushing the cache between cases)."""
    _local.clear()
    selectors.forget_generation()


def _lookup(key: str, generation: int) -> dict[str, Any] | None:
    entry = _local.get(key, generation)
    if entry is None:
        shared = cache.get(key)
        if isinstance(shared, dict) and shared.get("generation") == generation:
            entry = shared
            _local.put(key, entry)
    return entry


def anonymous_page(view: View) -> View:
    """Serve ``view``'s 200 responses to anonymous visitors from the cache."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = page_key(request)
        generation = selectors.generation(max_age=selectors.GENERATION_MEMO_SECONDS)
        entry = _lookup(key, generation)
        if entry is not None:
            return _serve(request, entry)
        response = view(request, *args, **kwargs)
        if (response.status_code != 200 or not isinstance(response, HttpResponse) or response.cookies
                or getattr(request, "user", None) is not None and request.user.is_authenticated):
            return response
        stored = _store(key, generation, response)
        if stored is not None:
            _local.put(key, stored)
            _headers(response, str(stored["digest"]), request)
        return response

    return wrapped
