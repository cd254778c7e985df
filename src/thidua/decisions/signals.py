"""What a decision tells the apps above it, so that decisions never imports them (documents reacts)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent once the transaction that issued a decision has committed (its awards are in the registry).
# Keyword argument: ``decision_id``. The documents app prepares the certificates' verification codes.
decision_issued = Signal()
