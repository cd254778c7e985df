"""C1, H3, L2: private storage, downloads scoped like their object, an allowlist checked by content."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client

from thidua.core import files
from thidua.core.models import StoredFile
from thidua.nominations import dossiers as svc
from thidua.nominations.errors import WorkflowError
from thidua.nominations.models import Document

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _attach(flow: Any, dossier: Any, name: str, data: bytes) -> Document:
    dossier.refresh_from_db()
    return svc.attach_document(dossier=dossier, by=flow.clerk, expected_version=dossier.version,
                               kind="proposal_letter", file=ContentFile(data, name=name))


@pytest.mark.django_db
def test_attachment_is_stored_under_a_random_name_and_served_only_within_scope(flow: Any, tmp_path: Path) -> None:
    """C1: the audit fetched /media/dossiers/<id>/<original name> anonymously (25 of 25 files)."""
    dossier = flow.dossier("BK_TINH", docs=False)
    doc = _attach(flow, dossier, "Tờ trình số 12.pdf", PDF)
    assert re.fullmatch(rf"dossiers/{dossier.pk}/[0-9a-f]{{32}}\.pdf", doc.file.name)
    assert "Tờ trình" not in doc.file.name
    assert (tmp_path / doc.file.name).is_file()
    url = f"/tep/ho-so/{doc.pk}/"
    # The raw storage path is not served, not even in DEBUG, and the field has no public URL.
    assert Client().get(f"/media/{doc.file.name}").status_code == 404
    assert Client().get(f"/_private/{doc.file.name}").status_code == 404
    # The field's URL is the access-checked download by (random) storage name, never the raw file.
    assert doc.file.url == f"/tep/ten/{doc.file.name}"
    assert Client().get(doc.file.url).status_code == 404
    # Anonymous and another unit's clerk: 404 (no one learns which ids exist).
    assert Client().get(url).status_code == 404
    other = Client()
    other.force_login(flow.other_clerk)
    assert other.get(url).status_code == 404
    assert other.get(doc.file.url).status_code == 404
    assert other.get("/tep/ten/../../settings.py").status_code == 404
    for user, address in ((flow.clerk, url), (flow.head, url), (flow.specialist, url), (flow.clerk, doc.file.url)):
        c = Client()
        c.force_login(user)
        r = c.get(address)
        assert r.status_code == 200, user.role
        assert b"".join(r.streaming_content) == PDF
        assert r["Content-Type"] == "application/pdf"
        assert r["Content-Disposition"].startswith("inline") and "filename*=utf-8''T%E1%BB%9D" in r["Content-Disposition"]
        assert r["X-Content-Type-Options"] == "nosniff"
        assert r["Content-Security-Policy"] == "sandbox; default-src 'none'"


@pytest.mark.django_db
def test_html_svg_and_renamed_files_are_refused_by_content(flow: Any) -> None:
    """H3: .html and .svg were served inline from our origin; L2: no type or size limit."""
    dossier = flow.dossier("BK_TINH", docs=False)
    refused = {
        "bao-cao.html": b"<html><script>alert(document.cookie)</script></html>",
        "anh.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "gia-pdf.pdf": b"<html><script>alert(1)</script></html>",  # an HTML file renamed .pdf
        "macro.docx": _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>",
                            "word/vbaProject.bin": b"\0"}),
        "rong.pdf": b"",
    }
    for name, data in refused.items():
        with pytest.raises(WorkflowError, match="loại tệp không được nhận|tệp rỗng"):
            _attach(flow, dossier, name, data)
    with pytest.raises(WorkflowError, match="vượt giới hạn 20 MB cho tệp PDF"):
        _attach(flow, dossier, "lon.pdf", PDF + b"0" * (20 * 1024 * 1024))
    assert not Document.objects.filter(dossier=dossier).exists()
    docx = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})
    doc = _attach(flow, dossier, "bao-cao.docx", docx)
    assert doc.file.name.endswith(".docx")
    c = Client()
    c.force_login(flow.clerk)
    r = c.get(f"/tep/ho-so/{doc.pk}/")
    assert r["Content-Disposition"].startswith("attachment")
    assert r["Content-Type"] == files.DOCX.content_type


@pytest.mark.django_db
def test_sendfile_hands_the_bytes_to_the_proxy(flow: Any, settings: Any) -> None:
    dossier = flow.dossier("BK_TINH", docs=False)
    doc = _attach(flow, dossier, "to-trinh.pdf", PDF)
    c = Client()
    c.force_login(flow.clerk)
    settings.THIDUA_SENDFILE = "nginx"
    r = c.get(f"/tep/ho-so/{doc.pk}/")
    assert r["X-Accel-Redirect"] == f"/_private/{doc.file.name}" and r.content == b""
    assert r["Content-Security-Policy"] == "sandbox; default-src 'none'"
    settings.THIDUA_SENDFILE = "apache"
    r = c.get(f"/tep/ho-so/{doc.pk}/")
    assert r["X-Sendfile"] == str(Path(settings.MEDIA_ROOT) / doc.file.name)
    assert Client().get(f"/tep/ho-so/{doc.pk}/").status_code == 404  # the check still comes first


@pytest.mark.django_db
def test_unpublished_story_photo_is_not_public(make_user: Any, settings: Any, tmp_path: Path) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from thidua.portal import services as portal

    settings.MEDIA_ROOT = tmp_path
    office = make_user(role="admin")
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    story = portal.create_story(by=office, title="T", body="B", photo_alt="ảnh",
                                photo=SimpleUploadedFile("anh.png", png))
    url = f"/tep/guong/{story.pk}/"
    assert Client().get(url).status_code == 404
    portal.transition_story(story=story, by=office, action="submit")
    portal.transition_story(story=story, by=office, action="publish")
    r = Client().get(url)
    assert r.status_code == 200 and r["Content-Type"] == "image/png"


@pytest.mark.django_db
def test_existing_files_move_to_random_names(flow: Any, tmp_path: Path) -> None:
    """Files stored before private storage (original names, old var/media) get random names."""
    dossier = flow.dossier("BK_TINH", docs=False)
    doc = _attach(flow, dossier, "a.pdf", PDF)
    StoredFile.objects.all().delete()
    old_root = tmp_path / "old-media"
    (old_root / f"dossiers/{dossier.pk}").mkdir(parents=True)
    (old_root / f"dossiers/{dossier.pk}/Tờ trình.pdf").write_bytes(PDF)
    (old_root / f"dossiers/{dossier.pk}/x.html").write_bytes(b"<html></html>")
    legacy = Document.objects.create(dossier=dossier, kind="proposal_letter", uploaded_by=flow.clerk,
                                     file=f"dossiers/{dossier.pk}/Tờ trình.pdf")
    html = Document.objects.create(dossier=dossier, kind="proposal_letter", uploaded_by=flow.clerk,
                                   file=f"dossiers/{dossier.pk}/x.html")
    out = io.StringIO()
    call_command("migrate_private_files", "--from", str(old_root), stdout=out)
    assert "Đã chuyển 3 tệp" in out.getvalue() and "x.html" in out.getvalue()
    for d in (doc, legacy, html):
        d.refresh_from_db()
        assert re.fullmatch(rf"dossiers/{dossier.pk}/[0-9a-f]{{32}}\.(pdf|bin)", d.file.name)
    assert not (old_root / f"dossiers/{dossier.pk}/Tờ trình.pdf").exists()
    assert StoredFile.objects.get(name=legacy.file.name).original_name == "Tờ trình.pdf"
    c = Client()
    c.force_login(flow.clerk)
    r = c.get(f"/tep/ho-so/{html.pk}/")
    assert r["Content-Type"] == "application/octet-stream" and r["Content-Disposition"].startswith("attachment")
    out = io.StringIO()
    call_command("migrate_private_files", stdout=out)
    assert "Đã chuyển 0 tệp; 3 tệp đã ở kho riêng" in out.getvalue()


@pytest.mark.django_db
def test_admin_links_files_through_the_checked_download(flow: Any, make_user: Any) -> None:
    from thidua.documents.models import DocumentJob

    job = DocumentJob.objects.create(kind="export_awards", params={}, created_by=flow.specialist)
    files.store_generated(job.file, "so-khen-thuong.xlsx", b"PK\x03\x04 not really", save=True)
    admin = make_user(role="admin", is_superuser=True, is_staff=True)
    c = Client()
    c.force_login(admin)
    page = c.get(f"/admin/documents/documentjob/{job.pk}/change/")
    assert page.status_code == 200 and f'href="/tep/ten/{job.file.name}"' in page.content.decode()
    r = c.get(f"/tep/ten/{job.file.name}")
    assert r.status_code == 200 and "so-khen-thuong.xlsx" in r["Content-Disposition"]
    other = Client()
    other.force_login(flow.clerk)
    assert other.get(f"/tep/ten/{job.file.name}").status_code == 404  # another user's job
