"""The authorization matrix (issue 13, "Done when"): every URL of the URL configuration, requested
with GET and with POST, as every role of two sibling units (and the province's roles) and anonymously,
with URL parameters pointing at the *other* unit's objects and at non-public objects.

"Expose" means: a 200 (or a file) whose body holds a marker of an object the user may not see — the
other unit's private person (name, citizen id), a citizen id, a dossier's title, a nominee's
achievement summary, an attachment's or a job file's bytes, a draft decision, a draft story, a
registration's covenant. Province-wide roles (specialist, council member, chair, admin) see every unit
by design; they are requested too (no 500), and checked against the non-public portal markers only
when anonymous. Names that the portal publishes (people with a valid award) are not markers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from tests.factories import ACCEPTED, Flow, add_documents, make_award
from tests.security.urlmatrix import PUBLIC, STAFF, Route, Side, is_admin, routes

pytestmark = pytest.mark.django_db

UNIT_ROLES = ("clerk", "unit_head")
PROVINCE_ROLES = ("specialist", "council_member", "chair", "admin")
MISSING = "987654321"  # for parameters whose object has no owner unit (checked to give no 500)


@pytest.fixture
def matrix(make_unit: Callable[..., Any], make_user: Callable[..., Any], make_person: Callable[..., Any],
           settings: Any, tmp_path: Path) -> dict[str, Any]:
    from thidua.council.models import Meeting
    from thidua.decisions import services as dsvc
    from thidua.documents.models import DocumentJob, Verification
    from thidua.movements import clusters
    from thidua.movements.models import Registration
    from thidua.nominations import dossiers as dsv
    from thidua.nominations import rounds as rsvc
    from thidua.org.models import Cluster, ClusterMembership, Collective, UnitKind
    from thidua.portal.models import NewsItem, Story

    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    province = make_unit("UBND tỉnh Lạng Sơn", kind=UnitKind.PROVINCE, code="TINH")
    staff = {r: make_user(f"tinh_{r}", role=r, unit=province) for r in PROVINCE_ROLES}
    staff["admin"].is_staff = staff["admin"].is_superuser = True
    staff["admin"].save()
    rnd = rsvc.create_round(by=staff["specialist"], name="Khen thưởng tổng kết năm", kind="annual",
                            year=today.year - 1, accepted_codes=ACCEPTED, opens_on=today - dt.timedelta(days=5),
                            closes_on=today + dt.timedelta(days=30),
                            step_deadlines={"receive": 1, "appraisal": 20, "supplement": 5, "council": 5,
                                            "signature": 5})
    sides: dict[str, Side] = {}
    for tag in ("A", "B"):
        unit = make_unit(f"Xã Thử Nghiệm {tag}", parent=province, kind=UnitKind.COMMUNE, code=f"XA{tag}",
                         is_grassroots=True)
        side = Side(unit=unit, clerk=make_user(f"canbo_{tag}", role="clerk", unit=unit),
                    head=make_user(f"thutruong_{tag}", role="unit_head", unit=unit))
        secret = make_person(f"Bí Mật Riêng Tư {tag}", unit=unit)  # no award: never public
        awarded = make_person(f"Người Được Khen {tag}", unit=unit)
        award = make_award(person=awarded, unit=unit)
        token = f"tokenxacminh{tag}"
        Verification.objects.create(award=award, token=token)
        collective = Collective.objects.create(name=f"Tổ Công Tác {tag}", unit=unit)
        flow = Flow(province=province, unit=unit, other_unit=province, clerk=side.clerk, head=side.head,
                    other_clerk=side.clerk, specialist=staff["specialist"], chair=staff["chair"], round=rnd,
                    make_person=make_person)
        nominee_person = make_person(f"Đề Cử Kín {tag}", unit=unit)
        draft = dsv.create_dossier(round=rnd, unit=unit, by=side.clerk, title=f"Hồ sơ kín của xã {tag} ZQX")
        dsv.add_nominee(dossier=draft, by=side.clerk, expected_version=draft.version, person=nominee_person,
                        award_code="BK_TINH", achievement_summary=f"Thành tích kín {tag} QWZ")
        add_documents(draft, side.clerk)
        draft.refresh_from_db()
        secret_doc = dsv.attach_document(dossier=draft, by=side.clerk, expected_version=draft.version,
                                         kind="other",
                                         file=ContentFile(f"%PDF-1.4 TEPKIN-{tag}-BYTES".encode(), name="kin.pdf"))
        signed = make_person(f"Người Chờ Ký {tag}", unit=unit)
        ready = flow.to_state(flow.dossier("BK_TINH", people=[signed]), "awaiting_signature")
        decision = dsvc.prepare_decision(dossiers=[ready], by=staff["specialist"], decided_on=today,
                                         subject=f"Quyết định nháp kín {tag} DRQ", signer="Hồ Tiến Thiệu")
        job = DocumentJob.objects.create(kind="certificates", params={"decision": decision.pk},
                                         created_by=side.clerk, message=f"Việc kín {tag} JBQ", status="done")
        job.file.save("ket-qua.pdf", ContentFile(f"%PDF-1.4 VIECKIN-{tag}-BYTES".encode()))
        registration = Registration.objects.create(unit=unit, year=today.year,
                                                   covenant_text=f"Giao ước kín {tag} GUQ")
        registration.covenant_file.save("giao-uoc.pdf", ContentFile(f"%PDF-1.4 GIAOUOC-{tag}-BYTES".encode()))
        nominee = draft.nominees.get()
        side.ids = {
            "person": secret.pk, "awarded": awarded.pk, "collective": collective.pk, "dossier": draft.pk,
            "nominee": nominee.pk, "decision": decision.pk, "job": job.pk, "token": token, "code": unit.code,
            "document": secret_doc.pk, "registration": registration.pk,
            "names": [secret_doc.file.name, job.file.name, registration.covenant_file.name],
        }
        side.markers = [
            secret.full_name, secret.citizen_id, awarded.citizen_id, nominee_person.full_name,
            nominee_person.citizen_id, f"Hồ sơ kín của xã {tag} ZQX", f"Thành tích kín {tag} QWZ",
            f"TEPKIN-{tag}-BYTES", f"Quyết định nháp kín {tag} DRQ", f"Việc kín {tag} JBQ",
            f"VIECKIN-{tag}-BYTES", f"Giao ước kín {tag} GUQ", signed.citizen_id, f"GIAOUOC-{tag}-BYTES",
        ]
        sides[tag] = side
    story = Story.objects.create(title="Bài nháp chưa đăng SQZ", body="Nội dung nháp SQZ",
                                 created_by=staff["specialist"])
    news = NewsItem.objects.create(title="Tin sắp đăng NWZ", body="Tin tương lai NWZ",
                                   published_on=today + dt.timedelta(days=10))
    cluster = Cluster.objects.create(code="CUM-THU", name="Cụm thử", kind="cluster")
    ClusterMembership.objects.create(cluster=cluster, unit=sides["B"].unit, year=today.year - 1, role="leader")
    clusters.open_cluster_year(cluster=cluster, year=today.year, by=staff["specialist"])
    sheet = clusters.create_sheet(cluster=cluster, year=today.year, by=staff["specialist"],
                                  closes_on=today + dt.timedelta(days=10), criteria=[("Chỉ tiêu", 10, "")])
    meeting = Meeting.objects.create(round=rnd, title="Phiên họp", held_on=today, quorum="2/3", approval="1/2",
                                     created_by=staff["specialist"])
    common = {"round": rnd.pk, "story": story.pk, "news": news.pk, "cluster": cluster.pk, "sheet": sheet.pk,
              "meeting": meeting.pk, "year": today.year}
    public_markers = ["Bài nháp chưa đăng SQZ", "Nội dung nháp SQZ", "Tin sắp đăng NWZ", "Tin tương lai NWZ"]
    return {"sides": sides, "staff": staff, "common": common, "public_markers": public_markers}


def params_for(r: Route, ids: dict[str, Any], common: dict[str, Any]) -> list[dict[str, str]]:
    """The values of ``r``'s URL parameters (several sets where a parameter has a few choices)."""
    n = r.name
    by_name: dict[str, dict[str, Any]] = {
        "registry:person": {"pk": ids["person"]}, "registry:person_eligibility": {"pk": ids["person"]},
        "registry:unit": {"code": ids["code"]}, "registry:unit_eligibility": {"code": ids["code"]},
        "registry:merge_undo": {"pk": MISSING},
        "nominations:round": {"pk": common["round"]}, "nominations:round_edit": {"pk": common["round"]},
        "nominations:dossier": {"pk": ids["dossier"]}, "nominations:appraisal": {"pk": ids["dossier"]},
        "nominations:explain": {"pk": ids["dossier"], "nominee": ids["nominee"]},
        "nominations:import": {"pk": ids["dossier"]},
        "council:meeting": {"pk": common["meeting"]}, "council:minutes": {"pk": common["meeting"]},
        "decisions:detail": {"pk": ids["decision"]},
        "documents:verify": {"token": ids["token"]},
        "documents:start_certificates": {"pk": ids["decision"]},
        "documents:job": {"pk": ids["job"]}, "documents:job_file": {"pk": ids["job"]},
        "documents:job_keep_valid": {"pk": ids["job"]},
        "portal:person": {"pk": ids["person"]}, "portal:collective": {"pk": ids["collective"]},
        "portal:story": {"pk": common["story"]}, "portal:news_detail": {"pk": common["news"]},
        "portal:comment": {"nominee_id": ids["nominee"]},
        "portal:office_story_transition": {"pk": common["story"]},
        "movements:detail": {"pk": MISSING}, "movements:manage": {"pk": MISSING},
        "movements:edit": {"pk": MISSING}, "movements:final_review": {"pk": MISSING},
        "movements:membership": {"cluster_pk": common["cluster"], "year": common["year"]},
        "movements:score": {"pk": common["sheet"]}, "movements:ranking": {"pk": common["sheet"]},
        "movements:consolidate": {"pk": common["sheet"]},
    }
    if n == "documents:decision_file":
        return [{"pk": ids["decision"], "fmt": f} for f in ("docx", "pdf")]
    if n == "documents:dossier_file":
        return [{"pk": ids["dossier"], "kind": k, "fmt": f, "?": f"nominee={ids['nominee']}"}
                for k in ("proposal_letter", "achievement_report", "council_minutes", "ballot_minutes")
                for f in ("docx", "pdf")]
    if n == "documents:file":
        return [{"kind": "ho-so", "pk": ids["document"]}, {"kind": "viec", "pk": ids["job"]},
                {"kind": "giao-uoc", "pk": ids["registration"]}, {"kind": "quyet-dinh", "pk": ids["decision"]},
                {"kind": "guong", "pk": common["story"]}, {"kind": "phong-trao", "pk": MISSING},
                {"kind": "so-ket", "pk": MISSING}]
    if n == "documents:meeting_minutes_file":  # a province council meeting: no unit owns it
        return [{"pk": common["meeting"], "kind": k, "fmt": f}
                for k in ("council_minutes", "ballot_minutes") for f in ("docx", "pdf")]
    if n == "documents:file_by_name":
        return [{"name": name} for name in ids["names"]]
    if not r.params:
        return [{}]
    if n not in by_name:
        raise KeyError(f"URL {r.route} ({n}) có tham số chưa được phân loại trong params_for")
    return [{k: str(v) for k, v in by_name[n].items()}]


def test_every_url_is_classified() -> None:
    """A new URL with parameters must say which object fills them; public ones must say why."""
    for r in routes():
        if is_admin(r) or r.route.startswith("static/") or r.route.startswith("media/"):
            continue
        fake: dict[str, Any] = {"names": ["x"]}
        fake |= {k: 1 for k in ("document", "registration", "person", "awarded", "collective", "code", "dossier", "nominee", "decision", "job", "token")}
        params_for(r, fake, {k: 1 for k in ("round", "story", "news", "cluster", "sheet", "meeting", "year")})
    names = {r.name for r in routes() if not is_admin(r)}
    assert set(PUBLIC) <= names, f"PUBLIC names no URL: {set(PUBLIC) - names}"
    assert names >= STAFF, f"STAFF names no URL: {STAFF - names}"
    unclassified = names - set(PUBLIC) - STAFF
    assert not unclassified, f"URL chưa phân loại (thêm vào PUBLIC kèm lý do, hoặc STAFF): {sorted(unclassified)}"
    assert not set(PUBLIC) & STAFF


def _body(resp: Any) -> str:
    if getattr(resp, "streaming", False):
        return b"".join(resp.streaming_content).decode("utf-8", "replace")
    return resp.content.decode("utf-8", "replace")


def _is_file(resp: Any) -> bool:
    """A download: an attachment, or anything that is not a page."""
    return "Content-Disposition" in resp or not resp.get("Content-Type", "").startswith("text/html")


def test_no_url_exposes_another_units_or_a_non_public_object(matrix: dict[str, Any]) -> None:
    sides, staff, common = matrix["sides"], matrix["staff"], matrix["common"]
    # (label, user or None, the side whose objects fill the URLs, markers the user may not see)
    users: list[tuple[str, Any, Side, list[str]]] = [("ẩn danh", None, sides["B"],
                                                       sides["A"].markers + sides["B"].markers
                                                       + matrix["public_markers"])]
    for mine, other in (("A", "B"), ("B", "A")):
        for role in UNIT_ROLES:
            user = sides[mine].clerk if role == "clerk" else sides[mine].head
            users.append((f"{role} {mine}", user, sides[other], sides[other].markers))
    for role, user in staff.items():  # province-wide: requested for errors, nothing is another unit's
        users.append((role, user, sides["B"], []))
    leaks: list[str] = []
    errors: list[str] = []
    checked = 0
    for r in routes():
        if is_admin(r) or r.route.startswith(("static/", "media/")):
            continue
        for label, user, target, markers in users:
            client = Client(raise_request_exception=False)
            if user is not None:
                client.force_login(user)
            for values in params_for(r, target.ids, common):
                query = values.pop("?", "")
                url = r.fill(values) + (f"?{query}" if query else "")
                for method in ("get", "post"):
                    resp = getattr(client, method)(url, {})
                    checked += 1
                    if resp.status_code >= 500:
                        errors.append(f"{method.upper()} {url} as {label}: {resp.status_code}")
                        continue
                    if resp.status_code != 200:
                        continue
                    body = _body(resp)
                    found = [m for m in markers if m and m in body]
                    if markers and r.params and r.name not in PUBLIC and _is_file(resp):
                        found.append(f"tệp {resp.get('Content-Type')}")
                    if found:
                        leaks.append(f"{method.upper()} {url} as {label}: {found}")
    print(f"ma trận phân quyền: {checked} yêu cầu")
    assert not errors and not leaks, (f"{len(leaks)} rò rỉ:\n" + "\n".join(leaks)
                                      + f"\n{len(errors)} lỗi 500:\n" + "\n".join(errors))


def test_admin_urls_answer_no_one_but_the_admin(matrix: dict[str, Any]) -> None:
    sides, staff = matrix["sides"], matrix["staff"]
    people = [None, sides["A"].clerk, sides["A"].head, sides["B"].clerk,
              *[u for r, u in staff.items() if r != "admin"]]
    fill = {"app_label": "org", "object_id": str(sides["B"].ids["person"]), "content_type_id": "1",
            "url": "x"}
    opened = []
    for r in routes():
        if not is_admin(r):
            continue
        url = r.fill({k: fill.get(k, "1") for k in r.params})
        for user in people:
            client = Client(raise_request_exception=False)
            if user is not None:
                client.force_login(user)
            resp = client.get(url)
            if resp.status_code == 200:
                opened.append(f"{url} as {getattr(user, 'username', 'ẩn danh')}")
    assert not opened, "\n".join(opened)


def test_the_markers_are_seen_where_they_may_be(matrix: dict[str, Any]) -> None:
    """The control: the owner unit's clerk and the province's specialist do see these markers, so the
    matrix above would notice them in the wrong hands."""
    b = matrix["sides"]["B"]
    for user in (b.clerk, matrix["staff"]["specialist"]):
        client = Client()
        client.force_login(user)
        seen = {
            f"/ca-nhan/{b.ids['person']}/": "Bí Mật Riêng Tư B",
            f"/ho-so/{b.ids['dossier']}/": "Hồ sơ kín của xã B ZQX",
        }
        for url, marker in seen.items():
            resp = client.get(url)
            assert resp.status_code == 200 and marker in resp.content.decode(), (url, user.username)
    client = Client()
    client.force_login(b.clerk)
    resp = client.get(f"/van-ban/viec/{b.ids['job']}/tai-ve/")
    assert resp.status_code == 200 and b"VIECKIN-B-BYTES" in b"".join(resp.streaming_content)


def test_citizen_ids_are_searched_by_post_and_never_in_the_url(matrix: dict[str, Any]) -> None:
    """L4: the people search posts; a number in ``?q=`` is refused unsearched (400)."""
    b = matrix["sides"]["B"]
    from thidua.org.models import Person

    cid = Person.objects.get(pk=b.ids["person"]).citizen_id
    client = Client()
    client.force_login(b.clerk)
    page = client.get("/ca-nhan/").content.decode()
    assert 'method="post"' in page
    found = client.post("/ca-nhan/", {"q": cid})
    assert found.status_code == 200 and "Bí Mật Riêng Tư B" in found.content.decode()
    refused = client.get(f"/ca-nhan/?q={cid}")
    assert refused.status_code == 400 and "Bí Mật Riêng Tư B" not in refused.content.decode()
    assert "số định danh" in refused.content.decode()
