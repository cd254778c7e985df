"""The portal's cache: whole pages for anonymous visitors, invalidation by generation, and a cache
shared by several processes (the database cache, Redis) for the generation and the rate limit."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings

from thidua import settings as thidua_settings
from thidua.portal import selectors, services
from thidua.portal.models import CommentStatus, ConsultationComment
from thidua.portal.pagecache import forget_local
from thidua.registry.models import Award

pytestmark = pytest.mark.django_db

SRC = Path(thidua_settings.__file__).resolve().parent.parent
DB_CACHE = {"default": thidua_settings._cache_from_url("db://")}
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


def _redis_url() -> str:
    return os.environ.get("THIDUA_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_reachable() -> bool:
    try:
        import redis
    except ImportError:
        return False
    try:
        return bool(redis.Redis.from_url(_redis_url(), socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


# ---- settings --------------------------------------------------------------------------------

def test_cache_url_picks_the_backend_and_refuses_an_unknown_one() -> None:
    parse = thidua_settings._cache_from_url
    assert parse("redis://10.0.0.5:6379/2") == {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                                "LOCATION": "redis://10.0.0.5:6379/2"}
    for url in ("db://", "database"):
        assert parse(url)["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
        assert parse(url)["LOCATION"] == "thidua_cache"
    assert parse("locmem://")["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    with pytest.raises(RuntimeError, match="THIDUA_CACHE_URL “memcached://x” không hợp lệ"):
        parse("memcached://x")


@pytest.mark.parametrize(("env", "backend"), [
    ({"THIDUA_ENV": "production", "SECRET_KEY": "k" * 50}, "DatabaseCache"),
    ({"THIDUA_ENV": "demo"}, "LocMemCache"),
    ({"THIDUA_ENV": "production", "SECRET_KEY": "k" * 50, "THIDUA_CACHE_URL": "redis://r:6379/0"}, "RedisCache"),
])
def test_production_shares_the_database_cache_by_default(env: dict[str, str], backend: str) -> None:
    clean = {k: v for k, v in os.environ.items() if k not in ("THIDUA_ENV", "THIDUA_CACHE_URL")}
    out = subprocess.run([sys.executable, "-c", "from thidua import settings; print(settings.CACHES['default']['BACKEND'])"],
                         env={**clean, "PYTHONPATH": str(SRC), **env}, capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith(backend)


def test_migrate_made_the_cache_table() -> None:
    assert "thidua_cache" in connection.introspection.table_names()


# ---- whole pages for anonymous visitors -------------------------------------------------------

def _board_with_one_award(make_unit: Any, make_person: Any, make_award: Any) -> Award:
    person = make_person("Hoàng Thị Lụa", unit=make_unit("Sở Tài chính"))
    award: Award = make_award(person=person)
    return award


@pytest.mark.parametrize("caches", [None, DB_CACHE], ids=["locmem", "database"])
def test_anonymous_board_is_served_from_cache_with_each_visitor_s_own_csrf_token(
        caches: dict[str, Any] | None, make_unit: Any, make_person: Any, make_award: Any, make_user: Any) -> None:
    with override_settings(**({"CACHES": caches} if caches else {})):
        cache.clear()
        forget_local()
        award = _board_with_one_award(make_unit, make_person, make_award)
        first = Client(enforce_csrf_checks=True)
        page = first.get("/cong-khai/vinh-danh/")
        assert page.status_code == 200 and "Hoàng Thị Lụa" in page.content.decode()
        assert page["Cache-Control"] == "private, no-cache" and "Cookie" in page["Vary"]
        # A write that sends no signal (like a bulk import) is not seen until the generation moves.
        Award.objects.filter(pk=award.pk).update(subject_name="Tên đã sửa")
        second = Client(enforce_csrf_checks=True)
        cached = second.get("/cong-khai/vinh-danh/")
        html = cached.content.decode()
        assert "Hoàng Thị Lụa" in html and "Tên đã sửa" not in html
        # Each visitor gets a token for their own cookie, and it works for the language switch.
        token_1, token_2 = TOKEN.findall(page.content.decode()), TOKEN.findall(html)
        assert len(token_1) == len(token_2) == 1 and token_1 != token_2
        assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
        switched = second.post("/i18n/setlang/", {"language": "en", "next": "/cong-khai/vinh-danh/",
                                                  "csrfmiddlewaretoken": token_2[0]})
        assert switched.status_code == 302
        english = second.get("/cong-khai/vinh-danh/")
        assert english.content.decode().count('lang="en"') >= 1 and english["ETag"] != cached["ETag"]
        # A browser revalidating with its ETag and the same cookie gets 304 and no body.
        again = first.get("/cong-khai/vinh-danh/", headers={"if-none-match": page["ETag"]})
        assert again.status_code == 304 and again.content == b""
        # Staff signed in are not served the anonymous page (their header shows their name).
        office = make_user(role="specialist", first_name="Lan", last_name="Vi")
        staff = Client()
        staff.force_login(office)
        staff_html = staff.get("/cong-khai/vinh-danh/").content.decode()
        assert "Đăng xuất" in staff_html and "Đăng nhập" not in staff_html
        selectors.bump_generation()
        assert "Tên đã sửa" in Client().get("/cong-khai/vinh-danh/").content.decode()
        cache.clear()
        forget_local()


def test_a_visitor_with_a_pending_message_is_not_given_the_cached_page(consultation_nominee: Any) -> None:
    import time

    nominee = consultation_nominee(dt.date.today())
    client = Client()
    client.get("/cong-khai/lay-y-kien/")  # cached
    data = {"name": "Lăng Văn Dũng", "contact": "0912 345 678", "body": "Tôi đồng ý.", "website": "",
            "stamp": services.form_stamp(time.time() - 10)}
    resp = client.post(f"/cong-khai/lay-y-kien/{nominee.pk}/gop-y/", data, follow=True)
    assert "Cảm ơn bạn đã góp ý" in resp.content.decode()
    assert "Cảm ơn bạn đã góp ý" not in client.get("/cong-khai/lay-y-kien/").content.decode()  # shown once


def test_a_process_trusts_the_generation_it_read_for_a_second_and_its_own_bumps_at_once() -> None:
    first = selectors.generation()
    assert first > 1_600_000_000_000  # starts from the clock, so a lost counter never goes back
    cache.incr(selectors.GENERATION_KEY)  # another process's bump
    assert selectors.generation(max_age=60) == first
    assert selectors.generation() == first + 1
    selectors.bump_generation()  # this process's bump
    assert selectors.generation(max_age=60) == first + 2


# ---- writes that move the generation ----------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_portal_and_registry_writes_bump_the_generation_when_they_commit(
        make_unit: Any, make_person: Any, make_award: Any, make_user: Any, consultation_nominee: Any) -> None:
    from django.db import transaction

    from thidua.decisions.services import retract_award

    office = make_user(role="specialist")
    award = _board_with_one_award(make_unit, make_person, make_award)
    nominee = consultation_nominee(dt.date.today())
    comment = ConsultationComment.objects.create(nominee=nominee, name="A", contact="B", body="C")
    story = services.create_story(by=office, title="Người tốt", body="Việc tốt")
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("story publish", lambda: [services.transition_story(story=story, by=office, action=a)
                                   for a in ("submit", "publish")]),
        ("news", lambda: services.create_news(by=office, title="Tin", body="B", published_on=dt.date(2024, 1, 2))),
        ("moderation", lambda: services.moderate_comment(comment=comment, by=office,
                                                         status=CommentStatus.APPROVED)),
        ("award retracted", lambda: retract_award(award=award, by=office, reason="Sai đối tượng")),
        ("dossier under consultation", lambda: nominee.dossier.save()),
    ]
    for what, step in steps:
        before = selectors.generation()
        with transaction.atomic():
            step()
            assert selectors.generation() == before, f"{what}: bumped before the commit"
        assert selectors.generation() == before + 1, what  # one bump per transaction, however many writes
    before = selectors.generation()
    with transaction.atomic():
        for year in (2019, 2020, 2021):
            make_award(person=award.person, year=year)  # awards issued one by one
    assert selectors.generation() == before + 1
    with transaction.atomic():
        make_award(person=award.person, year=2018)
        transaction.set_rollback(True)
    assert selectors.generation() == before + 1  # rolled back: nothing to show, no bump
    services.create_story(by=office, title="Bản nháp", body="Chưa đăng")  # a draft is not public
    make_user(role="clerk")
    assert selectors.generation() == before + 1


@pytest.mark.django_db(transaction=True)
def test_a_retracted_award_leaves_the_cached_board_at_once(
        make_unit: Any, make_person: Any, make_award: Any, make_user: Any) -> None:
    from thidua.decisions.services import retract_award

    award = _board_with_one_award(make_unit, make_person, make_award)
    assert "Hoàng Thị Lụa" in Client().get("/cong-khai/vinh-danh/").content.decode()
    retract_award(award=award, by=make_user(role="specialist"), reason="Sai đối tượng")
    assert "Hoàng Thị Lụa" not in Client().get("/cong-khai/vinh-danh/").content.decode()


# ---- several processes, one cache -------------------------------------------------------------

_WORKER = textwrap.dedent("""\
    import sys
    import django
    django.setup()
    from django.core.management import call_command
    from thidua.portal import selectors, services
    from thidua.portal.errors import PortalError
    call_command("createcachetable", verbosity=0)
    if sys.argv[1] == "bump":
        selectors.bump_generation()
    taken = 0
    for _ in range(int(sys.argv[2])):
        try:
            services._take_rate_slot("198.51.100.9")
            taken += 1
        except PortalError:
            pass
    print(selectors.generation(), taken)
    """)


def _in_process(env: dict[str, str], *args: str) -> tuple[int, int]:
    out = subprocess.run([sys.executable, "-c", _WORKER, *args], env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    generation, taken = out.stdout.split()
    return int(generation), int(taken)


@pytest.mark.parametrize("backend", ["db", "redis"])
def test_generation_and_rate_limit_are_shared_by_two_processes(backend: str, tmp_path: Path) -> None:
    if backend == "redis":
        if not _redis_reachable():
            pytest.skip(f"no Redis at {_redis_url()} (set THIDUA_TEST_REDIS_URL to run this test)")
        import redis

        redis.Redis.from_url(_redis_url()).flushdb()
        cache_url = _redis_url()
    else:
        cache_url = "db://"
    env = {**os.environ, "PYTHONPATH": str(SRC), "DJANGO_SETTINGS_MODULE": "thidua.settings",
           "THIDUA_CACHE_URL": cache_url, "THIDUA_ENV": "demo", "THIDUA_VAR": str(tmp_path),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}"}
    first_generation, first_taken = _in_process(env, "bump", "3")
    second_generation, second_taken = _in_process(env, "read", "3")
    assert first_taken == 3 and second_taken == services.COMMENTS_PER_HOUR - 3  # 5 an hour from one address
    assert second_generation == first_generation >= 2  # the other process sees the bump
    _in_process(env, "bump", "0")
    assert _in_process(env, "read", "0")[0] == first_generation + 1
