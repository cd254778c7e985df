"""Forms of the office's round and days-off pages. They only read the request into typed values;
the rules (codes, kinds, dates, deadlines, who may do it) live in ``services`` and their messages
come back onto the fields through ``add_service_errors``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import RefusalErrorsForm
from thidua.registry import catalog
from thidua.registry.models import AwardKind

from .models import DEADLINE_STEPS, Round
from .rounds import deadline_field
from .schedule import STEP_LABELS

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]  # the date picker's value, or typed by hand where there is none

# The office's usual limits when nothing else is decided: receipt 1 working day, appraisal 20 (province
# level, docs/../law-procedures.md §1.2), supplement 5, council 5, to the Chairman for signature 5
# (the Ninh Thuận split of the same procedure). Every round can change them.
DEFAULT_STEP_DAYS: dict[str, int] = {"receive": 1, "appraisal": 20, "supplement": 5, "council": 5, "signature": 5}
DEFAULT_AUTHORITY = "Chủ tịch UBND tỉnh Lạng Sơn"
DEFAULT_ISSUER = "UBND"

_LEVELS: tuple[tuple[str, StrOrPromise], ...] = (
    ("grassroots", _("cấp cơ sở")), ("province", _("cấp tỉnh")), ("state", _("cấp Nhà nước")))
_KINDS: tuple[tuple[str, StrOrPromise], ...] = (("title", _("Danh hiệu")), ("form", _("Hình thức khen thưởng")))


def default_codes(kind: str) -> list[str]:
    """The awards a new round of ``kind`` starts with: the yearly titles for an annual round; for the
    other kinds the province-level awards the kind admits (what the Chairman of the province decides)."""
    from thidua.org.models import Unit, UnitKind

    armed_units = Unit.objects.filter(kind=UnitKind.ARMED).exists()
    awards = [a for a in catalog.latest_awards().values() if armed_units or a.serves != "armed_forces"]
    if kind == AwardKind.ANNUAL:
        return [a.code for a in awards if a.kind == "title" and kind in a.award_kinds]
    return [a.code for a in awards if a.level == "province" and kind in a.award_kinds]


@dataclass(frozen=True)
class CodeChoice:
    code: str
    name: str
    checked: bool
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class CodeGroup:
    label: str
    choices: list[CodeChoice]


def code_groups(selected: list[str], *, armed_units: bool | None = None) -> list[CodeGroup]:
    """The catalog as a checklist: titles then forms, each from grassroots to state level. Titles that
    serve the armed forces only are offered only when the province has an armed-forces unit (the
    catalog's `serves`, issue 12 item 4); one already chosen stays listed."""
    if armed_units is None:
        from thidua.org.models import Unit, UnitKind

        armed_units = Unit.objects.filter(kind=UnitKind.ARMED).exists()
    chosen = set(selected)
    awards = [a for a in catalog.latest_awards().values()
              if armed_units or a.serves != "armed_forces" or a.code in chosen]
    groups: list[CodeGroup] = []
    for kind, kind_label in _KINDS:
        for level, level_label in _LEVELS:
            choices = [CodeChoice(a.code, a.name, a.code in chosen, a.award_kinds)
                       for a in awards if a.kind == kind and a.level == level]
            if choices:
                groups.append(CodeGroup(f"{kind_label} {level_label}", choices))
    return groups


def _date_field(label: StrOrPromise, what: StrOrPromise) -> forms.DateField:
    return forms.DateField(
        label=label, input_formats=DATE_FORMATS, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": format_lazy(_("{what}: chưa nhập ngày."), what=what),
                        "invalid": format_lazy(_("{what}: không phải ngày hợp lệ (nhập dạng dd/mm/yyyy)."), what=what)})


ServiceErrorsMixin = RefusalErrorsForm  # a service's messages next to the fields they name, the others above


class RoundForm(ServiceErrorsMixin):
    name = forms.CharField(label=_("Tên đợt"), max_length=255, required=False,
                           widget=forms.TextInput(attrs={"size": 60}))
    kind = forms.ChoiceField(label=_("Loại hình"), choices=AwardKind.choices)
    year = forms.IntegerField(label=_("Năm thành tích"), error_messages={
        "required": _("Năm thành tích: chưa nhập."), "invalid": _("Năm thành tích: phải là một số năm, ví dụ 2026.")})
    accepted_codes = forms.MultipleChoiceField(label=_("Danh hiệu, hình thức nhận xét"), required=False,
                                               choices=())
    opens_on = _date_field(_("Ngày mở"), _("Ngày mở"))
    closes_on = _date_field(_("Hạn nộp"), _("Hạn nộp"))
    authority = forms.CharField(label=_("Cấp quyết định"), max_length=160, required=False,
                                widget=forms.TextInput(attrs={"size": 40}))
    issuer = forms.CharField(label=_("Ký hiệu cơ quan ban hành"), max_length=20, required=False,
                             help_text=_("Phần sau «QĐ-» trong số quyết định, ví dụ UBND."),
                             widget=forms.TextInput(attrs={"size": 10}))
    movement = forms.CharField(label=_("Phong trào"), max_length=255, required=False,
                               widget=forms.TextInput(attrs={"size": 60}))
    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        codes = catalog.latest_awards()
        self.fields["accepted_codes"].choices = [(c, c) for c in codes]  # type: ignore[attr-defined]
        for step in DEADLINE_STEPS:
            label = STEP_LABELS[step]
            self.fields[deadline_field(step)] = forms.IntegerField(
                label=label, required=False, widget=forms.NumberInput(attrs={"size": 4, "min": 1}),
                error_messages={"invalid": _("Thời hạn bước «%(step)s»: phải là số ngày làm việc nguyên dương.")
                                % {"step": label}})

    @classmethod
    def initial_for_new(cls, kind: str, today: dt.date) -> dict[str, Any]:
        kind = kind if kind in AwardKind.values else str(AwardKind.ANNUAL)
        return {"kind": kind, "year": today.year - 1 if kind == AwardKind.ANNUAL else today.year,
                "accepted_codes": default_codes(kind), "opens_on": today, "closes_on": today + dt.timedelta(days=30),
                "authority": DEFAULT_AUTHORITY, "issuer": DEFAULT_ISSUER,
                **{deadline_field(s): d for s, d in DEFAULT_STEP_DAYS.items()}}

    @classmethod
    def initial_for(cls, rnd: Round, version: str) -> dict[str, Any]:
        return {"name": rnd.name, "kind": rnd.kind, "year": rnd.year, "accepted_codes": list(rnd.accepted_codes),
                "opens_on": rnd.opens_on, "closes_on": rnd.closes_on, "authority": rnd.authority,
                "issuer": rnd.issuer, "movement": rnd.movement, "version": version,
                **{deadline_field(s): d for s, d in rnd.step_deadlines.items()}}

    def step_deadlines(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for step in DEADLINE_STEPS:
            value = self.cleaned_data.get(deadline_field(step))
            if value is not None:
                out[step] = value
        return out

    def round_values(self) -> dict[str, Any]:
        """Keyword arguments of ``services.create_round`` / ``update_round``."""
        data = self.cleaned_data
        return {"name": data["name"], "kind": data["kind"], "year": data["year"],
                "accepted_codes": list(data["accepted_codes"]), "opens_on": data["opens_on"],
                "closes_on": data["closes_on"], "authority": data["authority"], "issuer": data["issuer"],
                "movement": data["movement"], "step_deadlines": self.step_deadlines()}

    def selected_codes(self) -> list[str]:
        if self.is_bound:
            return list(self.data.getlist("accepted_codes")) if hasattr(self.data, "getlist") else []
        return list(self.initial.get("accepted_codes", []))

    def deadline_fields(self) -> list[forms.BoundField]:
        return [self[deadline_field(step)] for step in DEADLINE_STEPS]


class ClosingDateForm(ServiceErrorsMixin):
    """Once a round is open: a new closing date (extend, shorten, reopen) with its reason."""

    closes_on = _date_field(_("Hạn nộp mới"), _("Hạn nộp"))
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=500,
                             widget=forms.TextInput(attrs={"size": 60}))
    version = forms.CharField(required=False, widget=forms.HiddenInput)


class CloseRoundForm(ServiceErrorsMixin):
    reason = forms.CharField(label=_("Lý do đóng sớm"), required=False, max_length=500,
                             widget=forms.TextInput(attrs={"size": 60}))
    version = forms.CharField(required=False, widget=forms.HiddenInput)


class DayOffForm(ServiceErrorsMixin):
    day = _date_field(_("Ngày"), _("Ngày"))
    name = forms.CharField(label=_("Lý do, căn cứ"), max_length=160, required=False,
                           widget=forms.TextInput(attrs={"size": 50}))
    is_working_day = forms.TypedChoiceField(
        label=_("Loại"), coerce=lambda v: v == "1", initial="0", widget=forms.RadioSelect,
        choices=[("0", _("Ngày nghỉ thêm của tỉnh")), ("1", _("Ngày làm việc bù (thứ Bảy, Chủ nhật)"))])
