"""The JSON contract (eligibility-case.md): parsing errors, CLI exit codes, the worked example."""

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from thidua.rules.case_cli import main
from thidua.rules.model import CaseError, parse_case

EXAMPLE: dict[str, Any] = {
    "award": "CSTD_TINH",
    "year": 2025,
    "as_of": "2025-12-20",
    "subject": {"kind": "individual", "direct_worker": False, "sex": "F", "members": None},
    "ratings": [{"year": 2023, "rating": "HTXSNV"}, {"year": 2024, "rating": "HTTNV"}],
    "awards": [{"code": "LAO_DONG_TIEN_TIEN", "year": 2023},
               {"code": "BK_TINH", "year": 2019, "decided_on": "2019-12-30"}],
    "initiatives": [{"year": 2024, "scope": "co_so"}],
    "discipline": [{"form": "KHIEN_TRACH", "from": "2024-03-01", "to": "2024-09-01"}],
    "positions": [{"title": "Giám đốc sở", "from": "2012-01-01", "to": "2025-06-30"}],
}


def _cli(data: object, raw: str | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["-"], io.StringIO(raw if raw is not None else json.dumps(data)), out, err)
    return code, out.getvalue(), err.getvalue()


def test_contract_example_evaluates() -> None:
    code, out, err = _cli(EXAMPLE)
    assert code == 0 and err == ""
    verdict = json.loads(out)
    assert set(verdict) == {"award", "eligible", "reasons", "amount_vnd", "amount_doubt"}
    assert verdict["award"] == "CSTD_TINH" and verdict["eligible"] is False
    assert verdict["amount_vnd"] == 7_020_000
    assert verdict["amount_doubt"] is None  # 2,340,000 from 2024-07-01 is verified
    streak = next(r for r in verdict["reasons"] if r["rule"] == "CSTD_TINH.streak")
    # the example's reprimand (2024-03-01 .. 2024-09-01): achievements count from 2025 (NĐ 152/2025 Điều 4 khoản 4)
    assert streak == {"rule": "CSTD_TINH.streak", "met": False, "citation": "Điều 22 Luật Thi đua, khen thưởng 2022",
                      "message": "Cần 3 năm liên tục đạt Chiến sĩ thi đua cơ sở; hiện có 0. "
                                 "Thành tích chỉ được tính từ năm 2025, sau khi hết thời hạn kỷ luật."}
    assert "Chiến sĩ" in out  # ensure_ascii=False


def test_contract_example_with_two_cstdcs_gives_the_documented_reason() -> None:
    # The documented example (eligibility-case.md) without its reprimand gives the documented reason,
    # the citation rendered as a person reads it.
    data = {**EXAMPLE, "discipline": [],
            "awards": [*EXAMPLE["awards"], {"code": "CSTD_CO_SO", "year": 2024}, {"code": "CSTD_CO_SO", "year": 2025}]}
    verdict = json.loads(_cli(data)[1])
    assert {"rule": "CSTD_TINH.streak", "met": False, "citation": "Điều 22 Luật Thi đua, khen thưởng 2022",
            "message": "Cần 3 năm liên tục đạt Chiến sĩ thi đua cơ sở; hiện có 2 (2024, 2025)."} in verdict["reasons"]


def test_contract_example_reprimand_in_2024_counts_achievements_from_2025() -> None:
    # NĐ 152/2025 Điều 4 khoản 4: after a discipline, achievements count from its end.
    data = {**EXAMPLE, "awards": [*EXAMPLE["awards"], {"code": "CSTD_CO_SO", "year": 2024}, {"code": "CSTD_CO_SO", "year": 2025}]}
    verdict = json.loads(_cli(data)[1])
    streak = next(r for r in verdict["reasons"] if r["rule"] == "CSTD_TINH.streak")
    assert streak["met"] is False
    assert streak["message"] == ("Cần 3 năm liên tục đạt Chiến sĩ thi đua cơ sở; hiện có 1 (2025). "
                                 "Thành tích chỉ được tính từ năm 2025, sau khi hết thời hạn kỷ luật.")


@pytest.mark.parametrize(
    ("patch", "needle"),
    [
        ({"award": "CSTD_XYZ"}, "unknown award code"),
        ({"as_of": "20/12/2025"}, "malformed date"),
        ({"as_of": "2025-02-30"}, "invalid date"),
        ({"colour": "red"}, "unknown field"),
        ({"subject": {"kind": "individual", "age": 40}}, "subject: trường không hợp lệ"),
        ({"subject": {"kind": "robot"}}, "subject.kind"),
        ({"ratings": [{"year": 2024, "rating": "GOOD"}]}, "ratings[0].rating"),
        ({"ratings": [{"year": 2024, "rating": "HTTNV", "note": "x"}]}, "ratings[0]: trường không hợp lệ"),
        ({"ratings": [{"year": 2024, "rating": "HTTNV"}, {"year": 2024, "rating": "HTNV"}]}, "one rating per year"),
        ({"awards": [{"code": "NOT_A_CODE", "year": 2024}]}, "awards[0].code"),
        ({"awards": [{"code": "BK_TINH", "year": 2024, "decided_on": "2024-13-01"}]}, "awards[0].decided_on"),
        ({"initiatives": [{"year": 2024, "scope": "huyen"}]}, "initiatives[0].scope"),
        ({"discipline": [{"form": "KHIEN_TRACH", "from": "2024-03-01", "to": "2024-01-01"}]}, "ends before"),
        ({"year": "2025"}, "year"),
        ({"year": True}, "year"),
        ({"subject": {"kind": "collective", "members": {"total": 3, "LAO_DONG_TIEN_TIEN": 4}}}, "members.LAO_DONG_TIEN_TIEN"),
        ({"subject": {"kind": "collective", "members": {"total": 3, "friends": 1}}}, "members: trường không hợp lệ"),
        ({"subject": {"kind": "individual", "members": {"total": 3}}}, "only for collectives"),
    ],
)
def test_bad_input_exits_2_with_a_bilingual_message(patch: dict[str, Any], needle: str) -> None:
    code, out, err = _cli({**EXAMPLE, **patch})
    assert code == 2 and out == ""
    assert needle in err and " / " in err


def test_invalid_json_and_missing_file(tmp_path: Path) -> None:
    code, _, err = _cli(None, raw="{not json")
    assert code == 2 and "JSON không hợp lệ" in err
    out, errbuf = io.StringIO(), io.StringIO()
    assert main([str(tmp_path / "nope.json")], io.StringIO(), out, errbuf) == 2
    assert "Không đọc được tệp" in errbuf.getvalue()
    assert main([], io.StringIO(), out, errbuf) == 2


def test_as_of_before_any_legal_version_is_a_clear_error() -> None:
    code, _, err = _cli({**EXAMPLE, "as_of": "2023-06-01"})
    assert code == 2 and "Không có văn bản" in err


def test_missing_lists_mean_none() -> None:
    case = parse_case({"award": "LAO_DONG_TIEN_TIEN", "year": 2025, "as_of": "2025-12-20", "subject": {"kind": "individual"}})
    assert case.ratings == () and case.positions == ()
    with pytest.raises(CaseError):
        parse_case([1, 2])


def test_python_dash_m_entry_point(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(EXAMPLE, ensure_ascii=False), encoding="utf-8")
    src = Path(__file__).resolve().parents[2] / "src"
    proc = subprocess.run([sys.executable, "-m", "thidua.rules", str(path)], capture_output=True, text=True,
                          env={"PYTHONPATH": str(src), "PATH": ""}, check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["amount_vnd"] == 7_020_000


def test_contract_optional_fields_of_issue_12() -> None:
    # Optional, backward-compatible: awards[].kind (default annual), subject.armed_forces (default false),
    # ratings[].absence ("maternity" | "other", only with justified_absence).
    data = {**EXAMPLE, "subject": {**EXAMPLE["subject"], "armed_forces": False},
            "awards": [{**a, "kind": "annual"} for a in EXAMPLE["awards"]] + [{"code": "GIAY_KHEN", "year": 2024, "kind": "ad_hoc"}],
            "ratings": [*EXAMPLE["ratings"], {"year": 2025, "rating": None, "justified_absence": True, "absence": "maternity"}]}
    code, out, err = _cli(data)
    assert code == 0 and err == "", err
    assert json.loads(out)["award"] == "CSTD_TINH"
    code, _, err = _cli({**data, "awards": [{"code": "GIAY_KHEN", "year": 2024, "kind": "bonus"}]})
    assert code == 2 and "awards[0].kind" in err
