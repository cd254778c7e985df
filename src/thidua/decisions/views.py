"""Thin views for decisions: prepare from dossiers awaiting signature, issue, signed PDF, retraction."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from thidua.core.errors import Refused, flash_refusal
from thidua.nominations.errors import WorkflowError
from thidua.nominations.models import Dossier
from thidua.nominations.workflow import State
from thidua.registry.models import Award

from . import selectors, services


@login_required
def decisions(request: HttpRequest) -> HttpResponseBase:
    if request.method == "POST":
        try:
            chosen = Dossier.objects.filter(pk__in=[int(x) for x in request.POST.getlist("dossiers") if x.isdigit()])
            d = services.prepare_decision(
                dossiers=chosen, by=request.user, subject=request.POST.get("subject", "").strip()
                or "Về việc tặng danh hiệu thi đua, hình thức khen thưởng",
                decided_on=dt.date.fromisoformat(request.POST.get("decided_on") or timezone.localdate().isoformat()),
                signer=request.POST.get("signer", ""))
        except (Refused, ValueError) as exc:
            flash_refusal(request, exc)
            return redirect("decisions:list")
        return redirect("decisions:detail", pk=d.pk)
    waiting = Dossier.objects.none()
    if getattr(request.user, "is_province_wide", False):
        waiting = Dossier.objects.filter(state=State.AWAITING_SIGNATURE).select_related("round", "unit")
    return render(request, "decisions/list.html", {"decisions": selectors.decisions_for(request.user)[:200],
                                                   "waiting": waiting, "today": timezone.localdate()})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    decision = get_object_or_404(selectors.decisions_for(request.user), pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "issue":
                services.issue_decision(decision=decision, by=request.user)
                messages.success(request, f"Đã ban hành quyết định số {decision.label}.")
            elif action == "pdf":
                upload = request.FILES.get("file")
                if upload is None or not (upload.name or "").lower().endswith(".pdf"):
                    raise WorkflowError("Chọn tệp PDF bản đã ký.")
                services.attach_signed_pdf(decision=decision, by=request.user, file=upload)
            elif action == "retract":
                services.retract_decision(decision=decision, by=request.user, reason=request.POST.get("reason", ""))
            elif action == "retract_award":
                award = get_object_or_404(Award, pk=int(request.POST.get("award", "0")),
                                          decision_item__decision=decision)
                services.retract_award(award=award, by=request.user, reason=request.POST.get("reason", ""))
            else:
                raise WorkflowError("Thao tác không hợp lệ.")
        except (Refused, ValueError) as exc:
            flash_refusal(request, exc)
        return redirect("decisions:detail", pk=pk)
    items = list(selectors.annex(decision))
    flags = selectors.same_form_flags(decision, items)
    for item in items:
        item.same_form_flags = flags.get(item.pk, [])  # type: ignore[attr-defined]
    return render(request, "decisions/detail.html", {"decision": decision, "items": items,
                                                     "is_staff": getattr(request.user, "is_province_wide", False)})
