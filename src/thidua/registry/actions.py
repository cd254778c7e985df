"""The audit action names of the registry's writes: one set for every path (a decision, the import of
history, a retraction). ``services`` writes them; the audit log maps the former names to these."""

from __future__ import annotations

AWARD_CREATE = "registry.award_create"  # a new row; its ``after.source`` says decision, import or demo
AWARD_RETRACT = "registry.award_retract"
AWARD_UNDER_REVIEW = "registry.award_under_review"

#: Names the same writes were logged under before issue 11 (``record_award`` and the Excel import).
#: Events are never rewritten: the audit log shows them with the current name beside.
FORMER_ACTIONS = {"award.create": AWARD_CREATE, "award.import": AWARD_CREATE, "award.retract": AWARD_RETRACT}
