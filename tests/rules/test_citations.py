"""Every citation in the catalog names an article (clause, point) that exists in the article map
(catalog/articles.toml) of a text in force on every date the value is used for (law-review E9,
issue 12 item 6); and verdicts show citations as a person reads them, never internal codes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest

from tests.factories import case, ratings, run
from thidua.rules.catalog import CATALOG_DIR, load_catalog
from thidua.rules.citations import INSTRUMENT, article_map, human_citation, parse_citations

CAT = load_catalog()
TEXTS = article_map()
OTHER_PROVINCES = ("Bình Phước", "Hà Nội", "Thừa Thiên", "Huế", "Yên Bái", "Nam Định", "Lào Cai", "Hồ Chí Minh (thành phố)",
                   "Đà Nẵng", "Quảng Ninh", "Cao Bằng", "Bắc Giang", "Hà Giang", "Ninh Thuận", "Thành phố Hồ Chí Minh")


def _uses() -> Iterator[tuple[str, str, date, date | None]]:
    """(where, reference, first day, last day) for every citation the catalog can put in a verdict."""
    for v in CAT.versions:
        for code, award in v.awards.items():
            yield f"{v.id}:{code}.citation", award.citation, v.valid_from, v.valid_to
            for p in award.paths:
                if p.citation:
                    yield f"{v.id}:{code}.{p.id}.citation", p.citation, v.valid_from, v.valid_to
            params = [(f"{code}.{n}", dp) for n, dp in award.params.items()]
        params = [(f"{c}.{n}", dp) for c, a in v.awards.items() for n, dp in a.params.items()]
        params += list(v.params.items())
        for name, dp in params:
            chain = []
            cur = dp
            while cur is not None:
                chain.append(cur)
                cur = cur.fallback
            for layer in chain:
                for row in layer.rows:
                    start = max(row.start, v.valid_from)
                    ends = [d for d in (row.end, v.valid_to) if d is not None]
                    end = min(ends) if ends else None
                    if end is not None and end < start:
                        continue  # this row is never used under this version
                    yield f"{v.id}:{name}[{row.start}]", row.reference or layer.reference, start, end


USES = list(_uses())


def test_the_catalog_cites_something() -> None:
    assert len(USES) > 300


def test_every_article_clause_and_point_exists_in_the_map() -> None:
    errors = []
    for where, ref, _start, _end in USES:
        for c in parse_citations(ref):
            text = TEXTS.get(c.text)
            if c.article is None:
                continue
            if text is None:
                errors.append(f"{where}: văn bản không có trong bảng: {c.text!r}")
                continue
            err = text.article_error(c)
            if err:
                errors.append(f"{where}: {err}")
    assert errors == []


def test_every_text_cited_is_in_force_on_the_dates_it_is_used_for() -> None:
    errors = []
    for where, ref, start, end in USES:
        for name in INSTRUMENT.findall(ref):
            text = TEXTS.get(name)
            if text is None:
                errors.append(f"{where}: văn bản không có trong bảng: {name!r}")
            elif not text.in_force_over(start, end):
                errors.append(f"{where}: {name} không có hiệu lực trong {start}..{end or '∞'}")
    assert errors == []


def test_the_map_rejects_what_does_not_exist() -> None:
    law = TEXTS["Luật Thi đua, khen thưởng 2022"]
    (bad_article,) = parse_citations("Luật Thi đua, khen thưởng 2022, Điều 33, khoản 5")
    assert law.article_error(bad_article) is not None  # the old "Điều 33 khoản 5" for Kỷ niệm chương
    (bad_point,) = parse_citations("Luật Thi đua, khen thưởng 2022, Điều 27, khoản 1, điểm g")
    assert law.article_error(bad_point) is not None
    (good,) = parse_citations("Luật Thi đua, khen thưởng 2022, Điều 27, khoản 1, điểm đ")
    assert law.article_error(good) is None
    nd98 = TEXTS["Nghị định 98/2023/NĐ-CP"]
    assert not nd98.in_force_over(date(2025, 7, 1), None)  # repealed by NĐ152 Điều 59
    assert nd98.in_force_over(date(2024, 1, 1), date(2025, 6, 30))


def test_inferred_articles_are_marked() -> None:
    law = TEXTS["Luật Thi đua, khen thưởng 2022"].articles
    assert law["62"]["tag"] == "R" and law["63"]["tag"] == "V" and law["68"]["tag"] == "R"
    assert TEXTS["Nghị định 98/2023/NĐ-CP"].articles["55"]["tag"] == "R"


def test_no_other_province_document_in_the_catalog() -> None:
    # issue 12 item 7: Lạng Sơn's verdicts never rest on another province's document
    for path in [*CATALOG_DIR.glob("*.toml"), *CATALOG_DIR.glob("provinces/*.toml")]:
        text = path.read_text(encoding="utf-8")
        for name in OTHER_PROVINCES:
            assert name not in text, f"{path.name} names {name}"


def test_human_citation_as_a_person_reads_it() -> None:
    assert human_citation("Luật Thi đua, khen thưởng 2022, Điều 27, khoản 1") == (
        "Điều 27 khoản 1 Luật Thi đua, khen thưởng 2022")
    assert human_citation("Luật Thi đua, khen thưởng 2022, Điều 74, khoản 1, điểm d (02 lần)") == (
        "Điều 74 khoản 1 điểm d Luật Thi đua, khen thưởng 2022 (02 lần)")
    assert human_citation("Nghị định 98/2023/NĐ-CP, Điều 30, khoản 7; Nghị định 86/2023/NĐ-CP") == (
        "Điều 30 khoản 7 Nghị định 98/2023/NĐ-CP; Nghị định 86/2023/NĐ-CP")


CODE = re.compile(r"\b[A-Z]{2,}(?:_[A-Z0-9]+)+\b")  # BI_THU_TINH_UY, CSTD_CO_SO, ...


@pytest.mark.parametrize("award", sorted(CAT.for_date(date(2025, 12, 20)).version.awards))
def test_verdicts_show_no_internal_codes(award: str) -> None:
    kind = CAT.for_date(date(2025, 12, 20)).award(award).subjects[0]
    data = case(award, kind=kind, ratings=ratings(y2025="HTTNV"), subject={"sex": "F"},
                positions=[{"title": "Bí thư Tỉnh ủy", "from": "2010-01-01", "to": "2025-06-30"}]
                if kind == "individual" else [])
    for r in run(data).reasons:
        assert not CODE.search(r.message), (r.rule, r.message)
        assert not CODE.search(r.citation), (r.rule, r.citation)
        assert not re.search(r"^(?:Luật|Nghị định)[^;]*, Điều \d", r.citation), r.citation  # rendered as read
