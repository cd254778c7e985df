"""H7, M1, L6 and item 6: the settings fail closed, `check --deploy` is clean under the operator
guide's production settings, pages carry a CSP without inline script, and `thidua serve` is gunicorn."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.test import Client

from thidua.cli import main as cli_main

SRC = Path(__file__).resolve().parents[2] / "src"
THIDUA = Path(sys.executable).with_name("thidua")
# The operator guide's production settings (docs/operator-guide.md, section 2).
PRODUCTION_ENV = {
    "THIDUA_ENV": "production",
    "SECRET_KEY": "k7Q2vX9pL4mN8rT1wZ6yB3cF5hJ0dG2sA7eU9iO4pK1lM8nR3tV6xY0zC5bH2jD",
    "ALLOWED_HOSTS": "thiduakhenthuong.langson.gov.vn",
    "CSRF_TRUSTED_ORIGINS": "https://thiduakhenthuong.langson.gov.vn",
    "THIDUA_PROXY_SSL_HEADER": "X-Forwarded-Proto",
    "THIDUA_CLIENT_IP_HEADER": "X-Real-IP",
}


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items()
            if not k.startswith(("THIDUA_", "DJANGO_", "DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"))}
    return {**keep, "PYTHONPATH": str(SRC), "THIDUA_VAR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", **extra}


def _settings_in(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = ("import json, django; from django.conf import settings as s; "
            "print(json.dumps({k: getattr(s, k) for k in ('ENV', 'DEBUG', 'SESSION_COOKIE_SECURE', "
            "'CSRF_COOKIE_SECURE', 'THIDUA_REQUIRE_2FA', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS')}))")
    return subprocess.run([sys.executable, "-c", code], env={**env, "DJANGO_SETTINGS_MODULE": "thidua.settings"},
                          capture_output=True, text=True, timeout=60)


def test_unset_env_is_production_and_needs_its_secret(tmp_path: Path) -> None:
    env = _env(tmp_path)
    no_secret = _settings_in(env)
    assert no_secret.returncode != 0 and "SECRET_KEY" in no_secret.stderr
    prod = _settings_in({**env, "SECRET_KEY": PRODUCTION_ENV["SECRET_KEY"]})
    assert prod.returncode == 0, prod.stderr
    values = json.loads(prod.stdout)
    assert values == {"ENV": "production", "DEBUG": False, "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True,
                      "THIDUA_REQUIRE_2FA": True, "SECURE_SSL_REDIRECT": True,
                      "SECURE_HSTS_SECONDS": 365 * 24 * 3600}


@pytest.mark.parametrize("value", ["prod", "Production", "staging", "bench", "demox"])
def test_an_unknown_env_refuses_to_start(tmp_path: Path, value: str) -> None:
    result = _settings_in(_env(tmp_path, THIDUA_ENV=value, SECRET_KEY="x" * 60))
    assert result.returncode != 0 and f"THIDUA_ENV “{value}” không hợp lệ" in result.stderr


def test_debug_cannot_be_switched_on_in_production(tmp_path: Path) -> None:
    result = _settings_in(_env(tmp_path, **PRODUCTION_ENV, DEBUG="1"))
    assert result.returncode != 0 and "DEBUG=1" in result.stderr


def test_check_deploy_is_clean_under_the_operator_guides_settings(tmp_path: Path) -> None:
    result = subprocess.run([str(THIDUA), "manage", "check", "--deploy", "--fail-level", "WARNING"],
                            env=_env(tmp_path, **PRODUCTION_ENV), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_thidua_demo_refuses_to_run_in_production(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    for value in ("production", ""):
        monkeypatch.setenv("THIDUA_ENV", value)
        assert cli_main(["demo", "--reset"]) == 2
        assert "THIDUA_ENV=production" in capsys.readouterr().err


@pytest.mark.django_db
def test_pages_carry_a_csp_without_inline_script() -> None:
    response = Client().get("/cong-khai/")
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'" and "'unsafe-inline'" not in directives["script-src"]
    assert directives["object-src"] == "'none'" and directives["default-src"] == "'self'"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_template_has_inline_script_or_event_handler() -> None:
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
    handler = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
    offenders = []
    for template in SRC.rglob("*.html"):
        if "templates-preview" in str(template):
            continue
        text = template.read_text(encoding="utf-8")
        if inline_script.search(text) or handler.search(text) or "javascript:" in text:
            offenders.append(str(template.relative_to(SRC)))
    assert offenders == []


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_thidua_serve_becomes_gunicorn_and_stops_with_its_signal(tmp_path: Path) -> None:
    port = _free_port()
    env = _env(tmp_path, THIDUA_ENV="development", DEBUG="0", ALLOWED_HOSTS="127.0.0.1")
    proc = subprocess.Popen([str(THIDUA), "serve", "--port", str(port), "--workers", "1"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/cong-khai/", timeout=2) as page:
                    assert page.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline and proc.poll() is None, "thidua serve did not start"
                time.sleep(0.3)
        # The process we started is gunicorn's master itself (exec), not a parent waiting for it.
        cmdline = Path(f"/proc/{proc.pid}/cmdline").read_bytes().split(b"\0")
        assert b"gunicorn" in cmdline
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
        with pytest.raises(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/cong-khai/", timeout=2)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
