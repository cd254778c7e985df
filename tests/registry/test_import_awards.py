"""Import of award history from Excel: happy path, idempotency, all-or-nothing, every bad input."""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from tests.factories import HEADERS, collective_row, new_citizen_id, person_row, today, write_xlsx
from thidua.audit.models import AuditEvent
from thidua.audit.services import verify
from thidua.org.models import Collective, Household, Person, PersonNameSuffix
from thidua.registry import importer
from thidua.registry.models import Award, AwardSource

pytestmark = pytest.mark.django_db


def run(path: Path, **kwargs: Any) -> importer.ImportResult:
    kwargs.setdefault("by", None)
    return importer.import_awards_path(path, **kwargs)


def messages(result: importer.ImportResult) -> str:
    return "\n".join(str(e) for e in result.errors)


# ---------------------------------------------------------------- happy path, idempotency


def test_template_has_vietnamese_headers_help_and_codes(tmp_path: Path) -> None:
    path = tmp_path / "mau.xlsx"
    importer.write_template(path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Khen thưởng", "Hướng dẫn", "Danh mục"]
    headers = [c.value for c in next(wb["Khen thưởng"].iter_rows(max_row=1))]
    assert headers == HEADERS
    assert "Mã đơn vị" in headers and "Trực tiếp lao động (Có/Không)" in headers
    codes = {r[0] for r in wb["Danh mục"].iter_rows(min_row=2, values_only=True)}
    assert {"LAO_DONG_TIEN_TIEN", "BK_TINH", "CSTD_CO_SO"} <= codes


def test_import_creates_people_groups_and_awards_with_audit(tmp_path: Path, tree: dict[str, Any],
                                                            make_person: Any) -> None:
    known = make_person("Lăng Thị Hoa", unit=tree["snv"], sex="F", birth_date=dt.date(1990, 2, 3))
    new_id = new_citizen_id("F", 1979)
    rows = [
        person_row(citizen_id=known.citizen_id, name="LĂNG THỊ HOA", birth_date=None, sex=None,
                   award_code="BK_TINH", decision_number="1234/QĐ-UBND", issuer="UBND tỉnh Lạng Sơn"),
        person_row(citizen_id=new_id[:3] + " " + new_id[3:6] + "." + new_id[6:], name="Nông Thị Lan",
                   birth_date=dt.datetime(1979, 7, 8), sex="Nữ", direct_worker="Có", amount="1.170.000"),
        collective_row(unit_code="SNV_P1", name="Phòng Công chức"),
        collective_row(subject_kind="Hộ gia đình", name="Hoàng Văn Tư", unit_code="XHD", award_code="GIAY_KHEN",
                       decision_date=dt.date(2024, 2, 1)),
    ]
    before = AuditEvent.objects.count()
    result = run(write_xlsx(tmp_path / "a.xlsx", rows))
    assert result.ok, messages(result)
    assert (result.created, result.people_created, result.collectives_created, result.households_created) == (
        4, 1, 1, 1)
    bk = Award.objects.get(person=known)
    assert (bk.code, bk.level, bk.source, bk.subject_name) == ("BK_TINH", "province", AwardSource.IMPORT,
                                                              "Lăng Thị Hoa")
    lan = Person.objects.get(citizen_id=new_id)
    assert (lan.full_name, lan.sex, lan.birth_date, lan.unit) == ("Nông Thị Lan", "F", dt.date(1979, 7, 8),
                                                                  tree["snv"])
    assert set(PersonNameSuffix.objects.filter(person=lan).values_list("suffix", flat=True)) == {
        "nong thi lan", "thi lan", "lan"}  # findable by name search although bulk-inserted
    ldtt = Award.objects.get(person=lan)
    assert (ldtt.level, ldtt.amount_vnd, ldtt.is_direct_worker) == ("grassroots", 1_170_000, True)
    group = Award.objects.get(collective__isnull=False)
    assert group.is_small_collective and group.collective == Collective.objects.get(name="Phòng Công chức")
    home = Award.objects.get(household__isnull=False)
    assert home.household == Household.objects.get(head_name="Hoàng Văn Tư") and home.is_grassroots_unit
    events = AuditEvent.objects.filter(seq__gt=0).order_by("seq")[before:]
    actions = sorted(e.action for e in events)
    assert actions.count("registry.award_create") == 4 and actions.count("person.import") == 1
    assert verify().ok


def test_reimporting_the_same_file_adds_nothing(tmp_path: Path, tree: dict[str, Any]) -> None:
    citizen = new_citizen_id()
    rows = [person_row(citizen_id=citizen), person_row(citizen_id=citizen, award_code="CSTD_CO_SO"), collective_row()]
    path = write_xlsx(tmp_path / "a.xlsx", rows)
    first = run(path)
    assert first.ok and first.created == 3
    events = AuditEvent.objects.count()
    second = run(path)
    assert second.ok, messages(second)
    assert (second.created, second.skipped_existing, second.people_created) == (0, 3, 0)
    assert "đã có, bỏ qua: 3" in second.report()
    assert Award.objects.count() == 3 and Person.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_one_bad_row_saves_nothing_unless_keep_valid(tmp_path: Path, tree: dict[str, Any]) -> None:
    rows = [person_row(), person_row(unit_code="KHONG_CO"), collective_row()]
    path = write_xlsx(tmp_path / "a.xlsx", rows)
    result = run(path)
    assert not result.ok and not result.saved
    assert [(e.row, e.column) for e in result.errors] == [(3, "Mã đơn vị")]
    assert result.valid_rows == 2 and result.rejected_rows == 1
    assert Award.objects.count() == 0 and Person.objects.count() == 0 and Collective.objects.count() == 0
    assert "KHÔNG lưu dòng nào" in result.report()

    kept = run(path, keep_valid=True)
    assert kept.saved and kept.created == 2 and not kept.ok
    assert Award.objects.count() == 2


# ---------------------------------------------------------------- row errors


def only_error(tmp_path: Path, row: dict[str, Any]) -> tuple[int | None, str, str]:
    awards = Award.objects.count()
    result = run(write_xlsx(tmp_path / "x.xlsx", [row]))
    assert len(result.errors) == 1, messages(result)
    assert Award.objects.count() == awards
    e = result.errors[0]
    return e.row, e.column, e.message


def test_unknown_unit_code(tmp_path: Path, tree: dict[str, Any]) -> None:
    assert only_error(tmp_path, person_row(unit_code="SNV9")) == (
        2, "Mã đơn vị", "Mã đơn vị «SNV9» không có trong hệ thống.")


@pytest.mark.parametrize("bad", ["123456789", "02008500012A", "0200850001234"])
def test_bad_citizen_id(tmp_path: Path, tree: dict[str, Any], bad: str) -> None:
    row, column, message = only_error(tmp_path, person_row(citizen_id=bad))
    assert (row, column) == (2, "Số định danh cá nhân") and "12 chữ số" in message


def test_citizen_id_typed_as_number_lost_its_leading_zero(tmp_path: Path, tree: dict[str, Any]) -> None:
    citizen = new_citizen_id()
    _, column, message = only_error(tmp_path, person_row(citizen_id=int(citizen)))
    assert column == "Số định danh cá nhân" and "mất số 0 ở đầu" in message


def test_citizen_id_must_agree_with_birth_date_and_sex(tmp_path: Path, tree: dict[str, Any]) -> None:
    citizen = new_citizen_id("M", 1985)
    rows = [person_row(citizen_id=citizen, birth_date="12/04/1986"),
            person_row(citizen_id=new_citizen_id("M", 1985), sex="Nữ")]
    result = run(write_xlsx(tmp_path / "x.xlsx", rows))
    assert [(e.row, e.column) for e in result.errors] == [(2, "Số định danh cá nhân"), (3, "Số định danh cá nhân")]
    assert "năm sinh 1985" in result.errors[0].message and "giới tính nữ" in result.errors[1].message


def test_known_citizen_id_with_another_name(tmp_path: Path, tree: dict[str, Any], make_person: Any) -> None:
    known = make_person("Vi Văn Sơn", unit=tree["snv"])
    _, column, message = only_error(tmp_path, person_row(citizen_id=known.citizen_id, name="Vi Văn Sơ",
                                                         birth_date=None))
    assert column == "Họ và tên / Tên tập thể" and "«Vi Văn Sơn»" in message


def test_unknown_award_code_and_wrong_subject(tmp_path: Path, tree: dict[str, Any]) -> None:
    assert only_error(tmp_path, person_row(award_code="BK_XYZ")) == (
        2, "Mã danh hiệu, hình thức", "Mã danh hiệu, hình thức «BK_XYZ» không có trong danh mục.")
    _, _, message = only_error(tmp_path, collective_row(award_code="LAO_DONG_TIEN_TIEN"))
    assert "không xét tặng cho đối tượng «Tập thể»" in message


def test_award_already_held_with_another_decision(tmp_path: Path, tree: dict[str, Any]) -> None:
    citizen = new_citizen_id()
    assert run(write_xlsx(tmp_path / "a.xlsx", [person_row(citizen_id=citizen)])).ok
    _, column, message = only_error(tmp_path, person_row(citizen_id=citizen, decision_number="99/QĐ-SNV"))
    assert column == "Mã danh hiệu, hình thức"
    assert "đã có «LAO_DONG_TIEN_TIEN» năm 2023 theo quyết định 15/QĐ-SNV" in message


def test_duplicate_rows_inside_the_file(tmp_path: Path, tree: dict[str, Any]) -> None:
    citizen = new_citizen_id()
    rows = [person_row(citizen_id=citizen), collective_row(), person_row(citizen_id=citizen, decision_number="2"),
            collective_row(name="PHÒNG TỔ CHỨC CÁN BỘ")]
    result = run(write_xlsx(tmp_path / "a.xlsx", rows))
    assert [(e.row, e.message[:15]) for e in result.errors] == [(4, "Trùng với dòng "), (5, "Trùng với dòng ")]
    assert "Trùng với dòng 2" in result.errors[0].message and "Trùng với dòng 3" in result.errors[1].message
    assert Award.objects.count() == 0


@pytest.mark.parametrize(("value", "expected"), [
    ("31/02/2024", "Ngày «31/02/2024» không tồn tại."),
    ("2024-01-20", "không đúng định dạng ngày dd/mm/yyyy"),
    ("20/01/24", "không đúng định dạng ngày dd/mm/yyyy"),
    ("01.20.2024", "không đúng định dạng ngày dd/mm/yyyy"),
    (45000, "là một số, không phải ngày"),
    ("15/06/2022", "trước năm thành tích 2023"),
    (dt.date(2022, 6, 15), "trước năm thành tích 2023"),
])
def test_impossible_or_ambiguous_decision_dates(tmp_path: Path, tree: dict[str, Any], value: Any,
                                                expected: str) -> None:
    row, column, message = only_error(tmp_path, person_row(decision_date=value))
    assert (row, column) == (2, "Ngày quyết định") and expected in message


def test_future_dates_are_refused(tmp_path: Path, tree: dict[str, Any]) -> None:
    tomorrow = today() + dt.timedelta(days=1)
    _, column, message = only_error(tmp_path, person_row(decision_date=tomorrow.strftime("%d/%m/%Y")))
    assert column == "Ngày quyết định" and "tương lai" in message
    _, column, message = only_error(tmp_path, person_row(year=today().year + 1, decision_date="01/01/2024"))
    assert column == "Năm thành tích" and "ngoài khoảng hợp lệ" in message


def test_real_excel_dates_and_text_dates_both_accepted(tmp_path: Path, tree: dict[str, Any]) -> None:
    rows = [person_row(decision_date=dt.datetime(2024, 1, 20)),
            person_row(award_code="CSTD_CO_SO", decision_date="5/2/2024", birth_date=dt.date(1985, 4, 12))]
    result = run(write_xlsx(tmp_path / "a.xlsx", rows))
    assert result.ok, messages(result)
    assert sorted(Award.objects.values_list("decision_date", flat=True)) == [dt.date(2024, 1, 20),
                                                                            dt.date(2024, 2, 5)]


def test_several_errors_in_one_row_are_all_named(tmp_path: Path, tree: dict[str, Any]) -> None:
    row = person_row(subject_kind="Cá thể", year="năm 2023", amount="-5", direct_worker="Hơi", issuer=None)
    result = run(write_xlsx(tmp_path / "a.xlsx", [row]))
    assert {e.column for e in result.errors} == {"Loại đối tượng", "Năm thành tích", "Số tiền (đồng)",
                                                 "Trực tiếp lao động (Có/Không)", "Cơ quan quyết định"}
    assert all(e.row == 2 for e in result.errors)


def test_new_person_needs_birth_date_and_sex(tmp_path: Path, tree: dict[str, Any]) -> None:
    result = run(write_xlsx(tmp_path / "a.xlsx", [person_row(birth_date=None, sex=None)]))
    assert {e.column for e in result.errors} == {"Ngày sinh", "Giới tính"}


# ---------------------------------------------------------------- whole-file problems


def file_error(result: importer.ImportResult) -> str:
    assert not result.saved and len(result.errors) == 1
    assert result.errors[0].row in (None, 1)
    return result.errors[0].message


def test_formula_without_cached_value(tmp_path: Path, tree: dict[str, Any]) -> None:
    path = write_xlsx(tmp_path / "f.xlsx", [person_row(), person_row(award_code="CSTD_CO_SO", year="=2020+3")])
    result = run(path)
    assert [(e.row, e.column) for e in result.errors] == [(3, "Năm thành tích")]
    assert "công thức" in result.errors[0].message and "I3" in result.errors[0].message
    assert Award.objects.count() == 0
    assert run(path, keep_valid=True).created == 1


def test_merged_cells_are_refused_naming_the_range(tmp_path: Path, tree: dict[str, Any]) -> None:
    path = write_xlsx(tmp_path / "m.xlsx", [person_row(), person_row(award_code="CSTD_CO_SO")])
    wb = load_workbook(path)
    wb.active.merge_cells("G2:G3")  # type: ignore[union-attr]
    wb.save(path)
    assert "ô gộp (G2:G3)" in file_error(run(path))
    assert Award.objects.count() == 0


def test_header_only_and_empty_sheets(tmp_path: Path, tree: dict[str, Any]) -> None:
    assert "không có dòng dữ liệu" in file_error(run(write_xlsx(tmp_path / "h.xlsx", [])))
    wb = Workbook()
    wb.save(tmp_path / "e.xlsx")
    assert "trống" in file_error(run(tmp_path / "e.xlsx"))
    (tmp_path / "zero.xlsx").write_bytes(b"")
    assert "Tệp rỗng" in file_error(run(tmp_path / "zero.xlsx"))


def test_binary_renamed_to_xlsx(tmp_path: Path, tree: dict[str, Any]) -> None:
    (tmp_path / "anh.xlsx").write_bytes(os.urandom(4096))
    assert "không phải là tệp Excel .xlsx" in file_error(run(tmp_path / "anh.xlsx"))
    (tmp_path / "cu.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(2048))
    assert "(.xls)" in file_error(run(tmp_path / "cu.xlsx"))
    with zipfile.ZipFile(tmp_path / "zip.xlsx", "w") as zf:
        zf.writestr("readme.txt", "không phải Excel")
    assert "Không đọc được tệp Excel" in file_error(run(tmp_path / "zip.xlsx"))


def test_fifty_megabyte_file_is_refused_by_size_before_parsing(tmp_path: Path, tree: dict[str, Any]) -> None:
    path = tmp_path / "lon.xlsx"
    with path.open("wb") as fh:
        fh.write(os.urandom(1024 * 1024) * 50)
    message = file_error(run(path))
    assert "Tệp quá lớn (50,0 MB); giới hạn là 20,0 MB" in message


def test_size_limit_comes_from_settings(tmp_path: Path, tree: dict[str, Any], settings: Any) -> None:
    settings.THIDUA_MAX_IMPORT_BYTES = 1000
    path = write_xlsx(tmp_path / "a.xlsx", [person_row()])
    assert "Tệp quá lớn" in file_error(run(path))


def test_missing_required_columns_are_named(tmp_path: Path, tree: dict[str, Any]) -> None:
    headers = [h for h in HEADERS if h not in ("Mã đơn vị", "Ngày quyết định")]
    message = file_error(run(write_xlsx(tmp_path / "c.xlsx", [person_row()], headers=headers)))
    assert "«Mã đơn vị», «Ngày quyết định»" in message


# ---------------------------------------------------------------- scope and the command line


def test_clerk_may_import_only_inside_own_unit_subtree(tmp_path: Path, tree: dict[str, Any],
                                                       make_user: Any) -> None:
    clerk = make_user("canbo_snv", unit=tree["snv"])
    rows = [person_row(), collective_row(unit_code="SNV_P1"), person_row(unit_code="SYT", award_code="CSTD_CO_SO")]
    result = importer.import_awards_path(write_xlsx(tmp_path / "a.xlsx", rows), by=clerk)
    assert [(e.row, e.column) for e in result.errors] == [(4, "Mã đơn vị")]
    assert "ngoài phạm vi đơn vị của bạn" in result.errors[0].message
    assert Award.objects.count() == 0
    kept = importer.import_awards_path(tmp_path / "a.xlsx", by=clerk, keep_valid=True)
    assert kept.created == 2 and not Award.objects.filter(unit=tree["syt"]).exists()
    assert AuditEvent.objects.filter(action="registry.award_create", actor_id=clerk.pk).count() == 2


def test_cli_import_and_template(tmp_path: Path, tree: dict[str, Any], capsys: Any) -> None:
    from thidua.cli import main

    assert main(["import", "template", str(tmp_path / "mau.xlsx")]) == 0
    assert load_workbook(tmp_path / "mau.xlsx").sheetnames[1] == "Hướng dẫn"
    good = write_xlsx(tmp_path / "good.xlsx", [person_row()])
    assert main(["import", "awards", str(good)]) == 0
    assert "Đã lưu 1 khen thưởng mới" in capsys.readouterr().out
    assert main(["import", "awards", str(good)]) == 0
    assert "đã có, bỏ qua: 1" in capsys.readouterr().out
    bad = write_xlsx(tmp_path / "bad.xlsx", [person_row(award_code="CSTD_CO_SO"), person_row(unit_code="X")])
    assert main(["import", "awards", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "Dòng 3, cột «Mã đơn vị»: Mã đơn vị «X» không có trong hệ thống." in out
    assert Award.objects.count() == 1
    assert main(["import", "awards", str(bad), "--keep-valid"]) == 1
    assert "Các dòng lỗi ở trên KHÔNG được lưu" in capsys.readouterr().out
    assert Award.objects.count() == 2


def test_cli_user_gives_scope_and_audit_actor(tmp_path: Path, tree: dict[str, Any], make_user: Any,
                                              capsys: Any) -> None:
    from thidua.cli import main

    clerk = make_user("canbo_syt", unit=tree["syt"])
    path = write_xlsx(tmp_path / "a.xlsx", [person_row()])  # a row of SNV
    assert main(["import", "awards", str(path), "--user", "khong_co_ai"]) == 1
    assert "Không có tài khoản «khong_co_ai»" in capsys.readouterr().out
    assert main(["import", "awards", str(path), "--user", "canbo_syt"]) == 1
    assert "ngoài phạm vi đơn vị của bạn" in capsys.readouterr().out
    assert main(["import", "awards", str(write_xlsx(tmp_path / "b.xlsx", [person_row(unit_code="SYT")])),
                 "--user", "canbo_syt"]) == 0
    assert AuditEvent.objects.filter(action="registry.award_create", actor_id=clerk.pk, actor="canbo_syt").count() == 1


def test_award_of_a_merged_duplicate_goes_to_the_surviving_person(tmp_path: Path, tree: dict[str, Any],
                                                                  make_person: Any) -> None:
    survivor = make_person("Hoàng Văn Minh", unit=tree["snv"])
    duplicate = make_person("Hoàng Văn Minh", unit=tree["snv"])
    Person.objects.filter(pk=duplicate.pk).update(merged_into=survivor)
    result = run(write_xlsx(tmp_path / "a.xlsx", [person_row(citizen_id=duplicate.citizen_id, birth_date=None)]))
    assert result.ok, messages(result)
    assert Award.objects.get().person == survivor


def test_streaming_reader_gives_the_same_result(tmp_path: Path, tree: dict[str, Any], monkeypatch: Any) -> None:
    from thidua.registry.importing import xlsx

    monkeypatch.setattr(xlsx, "WHOLE_PARSE_BYTES", 0)  # big sheets are streamed: same checks, same values
    rows = [person_row(decision_date=dt.datetime(2024, 1, 20)), collective_row(year="=2020+3")]
    result = run(write_xlsx(tmp_path / "s.xlsx", rows))
    assert [(e.row, e.column) for e in result.errors] == [(3, "Năm thành tích")]
    assert run(tmp_path / "s.xlsx", keep_valid=True).created == 1
    wb = load_workbook(tmp_path / "s.xlsx")
    wb.active.merge_cells("C2:D2")  # type: ignore[union-attr]
    wb.save(tmp_path / "s.xlsx")
    assert "ô gộp (C2:D2)" in file_error(run(tmp_path / "s.xlsx"))


# ---------------------------------------------------------------- issue 12 item 5: titles the catalog lacked


def test_heroic_province_city_tnxp_medal_and_resistance_awards_are_recorded_and_counted(
        tmp_path: Path, tree: dict[str, Any]) -> None:
    from thidua.registry.catalog import import_catalog as load_catalog
    from thidua.reports.selectors import award_label, stored_summary

    codes = {"TINH_ANH_HUNG": "Tỉnh Anh hùng", "TP_ANH_HUNG": "Thành phố Anh hùng",
             "HCH_TNXP_VE_VANG": "Huy chương Thanh niên xung phong vẻ vang",
             "KT_KHANG_CHIEN": "Khen thưởng tổng kết thành tích kháng chiến"}
    known = load_catalog()
    for code, name in codes.items():
        assert known[code].name == name and known[code].level == "state"
        assert award_label(code) == name
    rows = [
        collective_row(unit_code="SNV_P1", name="Tỉnh Lạng Sơn", award_code="TINH_ANH_HUNG", year=1978,
                       decision_number="1/QĐ-CTN", decision_date="20/12/1978", issuer="Chủ tịch nước"),
        person_row(award_code="HCH_TNXP_VE_VANG", year=2024, decision_number="2/QĐ-CTN", issuer="Chủ tịch nước",
                   amount=None),
        person_row(citizen_id=new_citizen_id("F", 1950), name="Hoàng Thị Kháng", birth_date="01/01/1950", sex="Nữ",
                   award_code="KT_KHANG_CHIEN", year=2024, decision_number="3/QĐ-TTg", issuer="Thủ tướng Chính phủ",
                   amount=None),
    ]
    result = run(write_xlsx(tmp_path / "k.xlsx", rows))
    assert result.ok, messages(result)
    assert set(Award.objects.values_list("code", flat=True)) == {"TINH_ANH_HUNG", "HCH_TNXP_VE_VANG", "KT_KHANG_CHIEN"}
    assert Award.objects.get(code="KT_KHANG_CHIEN").kind == "resistance"
    assert Award.objects.get(code="HCH_TNXP_VE_VANG").kind == "resistance"
    counted = {part for key in stored_summary() for part in key if isinstance(part, str)}  # statistics tallies
    assert {"TINH_ANH_HUNG", "HCH_TNXP_VE_VANG", "KT_KHANG_CHIEN"} <= counted
