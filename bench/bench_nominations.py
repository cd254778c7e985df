"""Nominations and decisions through the services on a 500-nominee dossier, and
50 concurrent decision issues (PostgreSQL only). Prints BENCH lines; never asserts time.

    .venv/bin/python bench/bench_nominations.py          # PostgreSQL (BENCH_PG_URL / DATABASE_URL)
    .venv/bin/python bench/bench_nominations.py sqlite
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading
import time
from typing import Any

from _common import bench_line, setup_django

DB = sys.argv[1] if len(sys.argv) > 1 else "pg"
setup_django(DB, name="bench_nominations")

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from thidua.accounts.models import User  # noqa: E402
from thidua.core.text import search_key  # noqa: E402
from thidua.decisions import services as dsvc  # noqa: E402
from thidua.decisions.models import Decision, DecisionItem  # noqa: E402
from thidua.nominations import dossiers, rounds  # noqa: E402
from thidua.nominations.completeness import missing_documents  # noqa: E402
from thidua.nominations.dossiers import Conclusion  # noqa: E402
from thidua.nominations.models import Document, DocumentKind, Nominee  # noqa: E402
from thidua.org.models import Person, Unit  # noqa: E402
from thidua.registry.models import Initiative, YearRecord  # noqa: E402

N = 500


def ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def appraisal_page(d: Any, specialist: Any) -> None:
    """Server time of the appraisal page (every verdict, quotas, duplicates) via Django's test Client."""
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(specialist)
    url = f"/ho-so/{d.pk}/tham-dinh/"
    first = client.get(url)  # warm-up (catalog, templates)
    assert first.status_code == 200
    bench_line("appraisal_500_shown_eligible", first.content.decode().count("Đủ điều kiện theo dữ liệu"), "count")
    times = []
    for _ in range(5):
        start = time.perf_counter()
        response = client.get(url)
        times.append(ms(start))
        assert response.status_code == 200
    bench_line("appraisal_500_ms", sorted(times)[len(times) // 2], "ms")
    if os.environ.get("BENCH_PROFILE"):  # where the appraisal page spends its time (cProfile, top 20)
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.runcall(client.get, url)
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)


def main() -> None:
    province = Unit.objects.create(code="LS", name="UBND tỉnh Lạng Sơn", kind="province")
    unit = Unit.objects.create(code="SGD", name="Sở Giáo dục và Đào tạo", kind="agency", parent=province)
    mk = User.objects.create_user
    specialist = mk(username="cv", password="x" * 10, role="specialist", unit=province)
    clerk = mk(username="vt", password="x" * 10, role="clerk", unit=unit)
    head = mk(username="gd", password="x" * 10, role="unit_head", unit=unit)
    chair = mk(username="ct", password="x" * 10, role="chair", unit=province)
    people = Person.objects.bulk_create([
        Person(full_name=f"Nguyễn Văn {i}", search_key=search_key(f"Nguyễn Văn {i}"), sex="M", unit=unit,
               birth_date=dt.date(1980, 1, 1)) for i in range(N)])
    today = timezone.localdate()
    # A realistic dossier: 9 in 10 nominees rated HTXSNV for the last five years with two
    # initiatives (eligible for BK tỉnh),
    # the others with no record (not eligible: their reasons are shown).
    YearRecord.objects.bulk_create([YearRecord(person=p, year=today.year - k, rating="HTXSNV")
                                    for i, p in enumerate(people) if i % 10 for k in range(1, 6)])
    Initiative.objects.bulk_create([Initiative(person=p, year=today.year - k, scope="co_so", title=f"Sáng kiến {k}")
                                    for i, p in enumerate(people) if i % 10 for k in range(1, 3)])
    rnd = rounds.create_round(by=specialist, name="Tổng kết năm", kind="annual", year=today.year - 1,
                           accepted_codes=["BK_TINH", "CSTD_CO_SO", "GIAY_KHEN"],
                           opens_on=today - dt.timedelta(days=1), closes_on=today + dt.timedelta(days=30),
                           step_deadlines={"receive": 1, "appraisal": 20, "council": 5, "signature": 5})
    d = dossiers.create_dossier(round=rnd, unit=unit, by=clerk, title="Đề nghị 500 người")
    start = time.perf_counter()
    for p in people[:20]:
        dossiers.add_nominee(dossier=d, by=clerk, expected_version=d.version, person=p, award_code="BK_TINH")
    bench_line("nominations_add_nominee_ms", ms(start) / 20, "ms")
    Nominee.objects.bulk_create([Nominee(dossier=d, person=p, award_code="BK_TINH", position=i)
                                 for i, p in enumerate(people[20:], start=21)])
    docs = [Document(dossier=d, kind=k, file=f"x/{k}.pdf", uploaded_by=clerk)
            for k in (DocumentKind.PROPOSAL_LETTER, DocumentKind.UNIT_COUNCIL_MINUTES)]
    docs += [Document(dossier=d, nominee=n, kind=DocumentKind.ACHIEVEMENT_REPORT, file="x/r.pdf", uploaded_by=clerk)
             for n in d.nominees.all()]
    Document.objects.bulk_create(docs)
    d.refresh_from_db()

    start = time.perf_counter()
    missing = missing_documents(d)
    bench_line("nominations_completeness_500_ms", ms(start), "ms")
    assert not missing, missing[:3]
    start = time.perf_counter()
    dossiers.submit_dossier(dossier=d, by=head)
    bench_line("nominations_submit_500_ms", ms(start), "ms")
    dossiers.receive(dossier=d, by=specialist)
    dossiers.start_appraisal(dossier=d, by=specialist)
    appraisal_page(d, specialist)
    if os.environ.get("BENCH_ONLY_APPRAISAL"):
        return
    ids = list(d.nominees.values_list("pk", flat=True))
    start = time.perf_counter()
    dossiers.conclude_appraisal(dossier=d, by=specialist, conclusions={i: Conclusion(True) for i in ids})
    bench_line("nominations_conclude_appraisal_500_ms", ms(start), "ms")
    dossiers.send_to_council(dossier=d, by=specialist)
    dossiers.record_vote(dossier=d, by=specialist, results={i: True for i in ids})
    dossiers.send_for_signature(dossier=d, by=specialist)
    decision = dsvc.prepare_decision(dossiers=[d], by=specialist, decided_on=today, subject="Tặng Bằng khen")
    start = time.perf_counter()
    dsvc.issue_decision(decision=decision, by=chair)
    bench_line("decisions_issue_500_awards_ms", ms(start), "ms")

    if connection.vendor != "postgresql":
        return
    drafts = []
    for i in range(50):
        dec = Decision.objects.create(year=today.year, decided_on=today, subject=f"QĐ {i}", round=rnd,
                                      created_by=specialist)
        DecisionItem.objects.create(decision=dec, person=people[i], award_code="GIAY_KHEN", year=today.year - 1,
                                    kind="annual", position=1)
        drafts.append(dec)
    barrier = threading.Barrier(50)
    errors: list[BaseException] = []

    def work(dec: Any) -> None:
        try:
            barrier.wait()
            dsvc.issue_decision(decision=dec, by=chair)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(dec,)) for dec in drafts]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = ms(start)
    numbers = sorted(n or 0 for n in Decision.objects.filter(pk__in=[x.pk for x in drafts]).values_list("number", flat=True))
    bench_line("decisions_concurrent_50_wall_ms", elapsed, "ms")
    bench_line("decisions_concurrent_50_errors", len(errors), "count")
    bench_line("decisions_concurrent_50_gap_free", int(numbers == list(range(2, 52))), "bool")


if __name__ == "__main__":
    main()
