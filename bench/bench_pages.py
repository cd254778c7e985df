"""Server time of the staff pages: the person page with 10 years of history (median of 50).

Also: queries per person page, the PDF export of that page, and the people search page on a
commune with 2 000 people. Run: .venv/bin/python bench/bench_pages.py [sqlite|pg]
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time

from _common import bench_line, setup_django

RUNS = 50


def build() -> tuple[object, object]:
    from thidua.accounts.models import User
    from thidua.core import citizen_id as cid
    from thidua.org.models import Person, Position, Unit
    from thidua.registry.models import Award, Discipline, Initiative, YearRecord

    province = Unit.objects.create(code="LS", name="Tỉnh Lạng Sơn", kind="province")
    commune = Unit.objects.create(code="X001", name="Xã Hoàng Văn Thụ", kind="commune", parent=province)
    person = Person.objects.create(full_name="Nông Lương Chấn", sex="M", birth_date=dt.date(1975, 3, 2),
                                   unit=commune, citizen_id=cid.make("020", "M", 1975, 1))
    Position.objects.create(person=person, unit=commune, title="Phó Chủ tịch UBND xã", valid_from=dt.date(2015, 1, 1),
                            valid_to=dt.date(2019, 12, 31))
    Position.objects.create(person=person, unit=commune, title="Chủ tịch UBND xã", is_leader=True,
                            valid_from=dt.date(2020, 1, 1))
    for year in range(2015, 2025):
        YearRecord.objects.create(person=person, year=year, rating="HTXSNV")
        for code in ("LAO_DONG_TIEN_TIEN", "CSTD_CO_SO") if year % 2 else ("LAO_DONG_TIEN_TIEN",):
            Award.objects.create(person=person, code=code, year=year, level="grassroots",
                                 decision_number=f"{year % 100}/QĐ-UBND", decision_date=dt.date(year + 1, 1, 10),
                                 issuer="Chủ tịch UBND xã", source="import", unit=commune,
                                 subject_name=person.full_name, amount_vnd=1_500_000)
        if year % 3 == 0:
            Initiative.objects.create(person=person, title=f"Sáng kiến {year}", year=year, scope="co_so")
    Discipline.objects.create(person=person, form="KHIEN_TRACH", valid_from=dt.date(2018, 5, 1))
    Person.objects.bulk_create([
        Person(full_name=f"Nguyễn Văn {i:04d}", search_key=f"nguyen van {i:04d}", sex="M", unit=commune)
        for i in range(2000)
    ])
    clerk = User.objects.create_user(username="canbo", password="matkhau-demo-1", role="clerk", unit=commune)
    return person, clerk


def timed(client: object, url: str, runs: int = RUNS) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)  # type: ignore[attr-defined]
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def main() -> None:
    db = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
    setup_django(db, name="pages")
    from django.db import connection
    from django.test import Client

    person, clerk = build()
    client = Client()
    client.force_login(clerk)
    url = f"/ca-nhan/{person.pk}/"  # type: ignore[attr-defined]
    client.get(url)  # warm templates and the catalog names
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    bench_line("person_page_ms", statistics.median(timed(client, url)), "ms")
    bench_line("person_page_queries", len(queries), "queries")
    bench_line("home_page_anonymous_ms", statistics.median(timed(Client(), "/")), "ms")
    bench_line("person_pdf_ms", statistics.median(timed(client, f"/xuat-pdf/?path={url}", 10)), "ms")
    bench_line("people_search_ms", statistics.median(timed(client, "/ca-nhan/?q=nguyen+van", 20)), "ms")


if __name__ == "__main__":
    main()
