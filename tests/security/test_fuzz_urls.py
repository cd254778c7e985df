"""Item 9 robustness (finding L1): every URL of the URL configuration, its query parameters and its
form fields, fed malformed values — NUL bytes, 10,000 characters, letters for ids, negative and huge
numbers, impossible dates, Unicode confusables — answers no HTTP 500.

The fields are the ones the URL's own page shows (every ``name=`` of its inputs, selects and
textareas, read from a GET as a province specialist and as a unit clerk) plus the query parameters
the screens read (``COMMON``). Each payload is sent to every field at once, by GET and by POST.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tests.security.test_authz_matrix import matrix, params_for  # noqa: F401  (the fixture)
from tests.security.urlmatrix import is_admin, routes

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "a\x00b",  # NUL byte
    "x" * 10_000,  # over-long
    "abc",  # letters for an id
    "-1",
    "99999999999999999999999999",  # huge int
    "2026-02-30",  # impossible date
    "30/02/2026",
    "１２３",  # fullwidth digits (Unicode confusables)
    "Ｎguyễn\u202e\u200b",  # confusable letter, right-to-left override, zero-width space
]
COMMON = ["q", "page", "year", "unit", "code", "status", "kind", "nominee", "members", "next", "state",
          "round", "sort", "citizen_id", "cccd", "from", "to", "tab", "level", "person", "format"]
FIELD = re.compile(r"<(?:input|select|textarea)\b[^>]*\bname=\"([^\"]+)\"", re.I)


def _fields(client: Client, url: str) -> set[str]:
    resp = client.get(url)
    if resp.status_code != 200 or not resp.get("Content-Type", "").startswith("text/html"):
        return set()
    return set(FIELD.findall(resp.content.decode("utf-8", "replace"))) - {"csrfmiddlewaretoken"}


def test_no_malformed_input_gives_a_500(matrix: dict[str, Any]) -> None:  # noqa: F811
    sides, staff, common = matrix["sides"], matrix["staff"], matrix["common"]
    users = [None, staff["specialist"], sides["A"].clerk]  # the public, the province's office, a unit
    failures: list[str] = []
    sent = 0
    for n, r in enumerate(routes()):
        if is_admin(r) or r.route.startswith(("static/", "media/")) or r.name == "accounts:logout":
            continue
        for user in users:
            client = Client(raise_request_exception=False)
            if user is not None:
                client.force_login(user)
            own = sides["A"] if user is sides["A"].clerk else sides["B"]
            values = params_for(r, own.ids, common)[0]
            values.pop("?", None)
            base = r.fill(values)
            fields = sorted(_fields(client, base) | set(COMMON))
            urls = [base]
            # str path parameters (codes, tokens, formats) get the payloads too
            for name in [p for p in r.params if f"<str:{p}>" in r.route or f"<{p}>" in r.route]:
                urls += [r.fill({**values, name: p.replace("\x00", "%00").replace("/", "")}) for p in PAYLOADS[:3]]
            # a sample: every route gets the NUL byte and the over-long value, and half of the others
            # (alternating by route and user), to keep the run under a minute
            sample = PAYLOADS[:2] + PAYLOADS[2 + (n + len(fields)) % 2::2]
            for payload in sample:
                data = {f: payload for f in fields}
                for url in urls:
                    for method in ("get", "post"):
                        resp = getattr(client, method)(url, data)
                        sent += 1
                        if resp.status_code >= 500:
                            failures.append(f"{method.upper()} {url} {payload[:20]!r} as "
                                            f"{getattr(user, 'username', 'ẩn danh')}: {resp.status_code}")
    print(f"fuzz: {sent} yêu cầu")
    assert not failures, f"{len(failures)} lỗi 500:\n" + "\n".join(sorted(set(failures)))
