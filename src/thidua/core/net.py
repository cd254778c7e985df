"""The client's network address, the one place that reads it (comment rate limit, login lockout).

Behind a reverse proxy every request comes from the proxy's address, so the rate limit of the
public comments would be shared by all citizens. The proxy's header is believed only when the
operator configured it (``THIDUA_CLIENT_IP_HEADER``) *and* the request really comes from one of
``THIDUA_TRUSTED_PROXIES``: a header sent by anyone else is ignored, so a citizen cannot choose
their own address to escape the limit.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return ""


def client_ip(request: HttpRequest) -> str:
    remote = _valid(str(request.META.get("REMOTE_ADDR", "") or ""))
    header = settings.THIDUA_CLIENT_IP_HEADER
    if not header or remote not in {_valid(p) for p in settings.THIDUA_TRUSTED_PROXIES}:
        return remote
    value = str(request.META.get("HTTP_" + header.upper().replace("-", "_"), "") or "")
    # X-Forwarded-For may be a list: the last address is the one our proxy added (the others came
    # from the client and can be forged).
    forwarded = _valid(value.split(",")[-1]) if value else ""
    return forwarded or remote
