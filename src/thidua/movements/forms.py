"""Forms of the office's movement screens. They only read the request into typed values; the rules
(who may launch what, dates, scope) live in ``services`` / ``clusters`` and their messages come back
above the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import RefusalErrorsForm
from thidua.org.models import Unit

from .models import LaunchLevel, Movement, MovementKind, ReviewKind

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]  # the date picker's value, or typed by hand where there is none


def date_field(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": format_lazy(_("{what}: chưa nhập ngày."), what=label),
                        "invalid": format_lazy(_("{what}: không phải ngày hợp lệ (nhập dạng dd/mm/yyyy)."),
                                               what=label)})


class ServiceErrors(RefusalErrorsForm):
    field_errors = False  # the movement services' messages already name the field


class _NoOverflow:
    """A huge number for an id overflows SQLite's integer (OverflowError, an HTTP 500): refuse it as a
    wrong choice instead (issue 13, L1)."""

    def clean(self, value: Any) -> Any:
        try:
            return super().clean(value)  # type: ignore[misc]
        except OverflowError:
            raise ValidationError(_("Đơn vị đã chọn không hợp lệ."), code="invalid_choice") from None


class UnitChoice(_NoOverflow, forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{'— ' * obj.depth}{obj.name}"


class UnitsChoice(_NoOverflow, forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class MovementForm(ServiceErrors):
    name = forms.CharField(label=_("Tên phong trào"), max_length=255, required=False,
                           widget=forms.TextInput(attrs={"size": 70}))
    theme = forms.CharField(label=_("Chủ đề"), max_length=255, required=False,
                            widget=forms.TextInput(attrs={"size": 70}))
    goals = forms.CharField(label=_("Mục tiêu"), required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 70}))
    criteria = forms.CharField(label=_("Nội dung, tiêu chí thi đua"), required=False,
                               widget=forms.Textarea(attrs={"rows": 4, "cols": 70}))
    kind = forms.ChoiceField(label=_("Loại phong trào"), choices=MovementKind.choices)
    level = forms.ChoiceField(label=_("Cấp phát động"), choices=LaunchLevel.choices)
    launched_by = UnitChoice(label=_("Đơn vị phát động"), queryset=Unit.objects.none(),
                             error_messages={"required": _("Đơn vị phát động: chưa chọn."),
                                             "invalid_choice": _("Đơn vị phát động: ngoài phạm vi của bạn.")})
    launched_on = date_field(_("Ngày phát động"))
    starts_on = date_field(_("Bắt đầu"))
    ends_on = date_field(_("Kết thúc"), required=False)
    is_core = forms.BooleanField(label=_("Phong trào nòng cốt, chạy nhiều năm"), required=False)
    is_public = forms.BooleanField(label=_("Công bố trên cổng thông tin"), required=False, initial=True)
    units = UnitsChoice(label=_("Đơn vị tham gia (để trống: mọi đơn vị thuộc đơn vị phát động)"),
                        queryset=Unit.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
                        error_messages={"invalid_choice": _("Đơn vị tham gia: «%(value)s» ngoài phạm vi của bạn.")})
    launch_document_number = forms.CharField(label=_("Số văn bản phát động"), max_length=60, required=False)
    launch_document = forms.FileField(label=_("Tệp văn bản phát động"), required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], province_level: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["launched_by"].queryset = units  # type: ignore[attr-defined]
        self.fields["units"].queryset = units  # type: ignore[attr-defined]
        if not province_level:
            self.fields["level"].choices = [c for c in LaunchLevel.choices  # type: ignore[attr-defined]
                                            if c[0] != LaunchLevel.PROVINCE]

    @staticmethod
    def initial_for(movement: Movement) -> dict[str, Any]:
        return {f: getattr(movement, f) for f in (
            "name", "theme", "goals", "criteria", "kind", "level", "launched_by", "launched_on", "starts_on",
            "ends_on", "is_core", "is_public", "launch_document_number")} | {
            "units": list(movement.units.values_list("pk", flat=True))}

    def unit_tree(self) -> list[tuple[Any, int, bool]]:
        """The participating-units checklist as ``(unit, indent, checked)`` in tree order."""
        chosen = {str(v) for v in (self["units"].value() or [])}
        units = list(self.fields["units"].queryset)  # type: ignore[attr-defined]
        top = min((u.depth for u in units), default=0)
        return [(u, u.depth - top, str(u.pk) in chosen) for u in units]


class ReviewForm(ServiceErrors):
    kind = forms.ChoiceField(label=_("Loại"), choices=ReviewKind.choices)
    held_on = date_field(_("Ngày sơ kết, tổng kết"))
    report_text = forms.CharField(label=_("Báo cáo"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4, "cols": 70}))
    report_file = forms.FileField(label=_("Tệp báo cáo"), required=False)


class ThematicRoundForm(ServiceErrors):
    name = forms.CharField(label=_("Tên đợt"), max_length=255, widget=forms.TextInput(attrs={"size": 60}),
                           error_messages={"required": _("Tên đợt: không được để trống.")})
    year = forms.IntegerField(label=_("Năm thành tích"), error_messages={
        "required": _("Năm thành tích: chưa nhập."), "invalid": _("Năm thành tích: phải là một số năm.")})
    accepted_codes = forms.MultipleChoiceField(label=_("Hình thức nhận xét"), choices=(),
                                               widget=forms.CheckboxSelectMultiple, error_messages={
                                                   "required": _("Chọn ít nhất một hình thức khen thưởng.")})
    opens_on = date_field(_("Ngày mở"))
    closes_on = date_field(_("Hạn nộp"))

    def __init__(self, *args: Any, codes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["accepted_codes"].choices = codes  # type: ignore[attr-defined]


class SheetForm(ServiceErrors):
    """A cluster's scoring sheet for a year; the criteria are rows ``ten_i``/``diem_i``/``minh_chung_i``."""

    closes_on = date_field(_("Hạn chấm điểm"))
    certificates = forms.IntegerField(label=_("Số Bằng khen đề nghị"), min_value=0, max_value=50, initial=2,
                                      error_messages={"invalid": _("Số Bằng khen: phải là số nguyên."),
                                                      "min_value": _("Số Bằng khen: không được âm.")})
    leader = UnitChoice(label=_("Cụm trưởng, khối trưởng"), queryset=Unit.objects.none(),
                        error_messages={"required": _("Cụm trưởng: chưa chọn.")})
    deputy = UnitChoice(label=_("Cụm phó, khối phó"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args: Any, members: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = members  # type: ignore[attr-defined]
        self.fields["deputy"].queryset = members  # type: ignore[attr-defined]
