"""Signals a publishing app receives about its lines (sent after commit).

``sender`` is the model class of the line's subject, so an app connects only to its own:

    item_cleared.connect(on_cleared, sender=SmeEvaluation)   # kwargs: item (PublicityItem)

``item_cleared``: the period ended with no objection upheld against the line (or the
last pending objection was dismissed after the end). ``item_rejected``: an objection
against the line was upheld.
"""

import django.dispatch

item_cleared = django.dispatch.Signal()
item_rejected = django.dispatch.Signal()
