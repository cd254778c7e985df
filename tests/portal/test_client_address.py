"""M6: behind a proxy the comment rate limit is keyed on the citizen's address, not the proxy's —
and only a configured, trusted proxy's header is believed."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings

from thidua.core.net import client_ip
from thidua.portal import services

pytestmark = pytest.mark.django_db
PROXY = "127.0.0.1"


def _post(nominee: Any, *, remote: str, real: str | None = None) -> Any:
    data = {"name": "Lăng Văn Dũng", "contact": "0912 345 678", "body": "Tôi đồng ý.", "website": "",
            "stamp": services.form_stamp(time.time() - 10)}
    extra = {"REMOTE_ADDR": remote}
    if real is not None:
        extra["HTTP_X_REAL_IP"] = real
    return Client().post(f"/cong-khai/lay-y-kien/{nominee.pk}/gop-y/", data, **extra)


def test_client_ip_believes_only_a_configured_trusted_proxy() -> None:
    rf = RequestFactory()
    forged = rf.get("/", REMOTE_ADDR="198.51.100.9", HTTP_X_REAL_IP="10.0.0.1")
    via_proxy = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="198.51.100.20")
    assert client_ip(via_proxy) == PROXY  # no header configured: the proxy's address
    with override_settings(THIDUA_CLIENT_IP_HEADER="X-Real-IP", THIDUA_TRUSTED_PROXIES=[PROXY]):
        assert client_ip(via_proxy) == "198.51.100.20"
        assert client_ip(forged) == "198.51.100.9"  # not from the proxy: the header is ignored
        garbage = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="<script>\x00")
        assert client_ip(garbage) == PROXY
    with override_settings(THIDUA_CLIENT_IP_HEADER="X-Forwarded-For", THIDUA_TRUSTED_PROXIES=[PROXY]):
        chain = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.30")
        assert client_ip(chain) == "198.51.100.30"  # the address our proxy appended, not the client's claim


@override_settings(THIDUA_CLIENT_IP_HEADER="X-Real-IP", THIDUA_TRUSTED_PROXIES=[PROXY])
def test_citizens_behind_the_proxy_do_not_share_one_limit(consultation_nominee: Any) -> None:
    cache.clear()
    nominee = consultation_nominee(dt.date.today())
    for _ in range(services.COMMENTS_PER_HOUR):
        assert _post(nominee, remote=PROXY, real="198.51.100.41").status_code == 302
    assert _post(nominee, remote=PROXY, real="198.51.100.41").status_code == 400
    # Another citizen, through the same proxy, still has their five.
    assert _post(nominee, remote=PROXY, real="198.51.100.42").status_code == 302
    # Someone talking to the app directly cannot pick a fresh address with the header.
    for _ in range(services.COMMENTS_PER_HOUR):
        assert _post(nominee, remote="198.51.100.43", real="10.1.1.1").status_code == 302
    assert _post(nominee, remote="198.51.100.43", real="10.1.1.2").status_code == 400
