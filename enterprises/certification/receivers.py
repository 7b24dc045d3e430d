"""Public-notice outcomes move SME evaluations on (signals sent after the notice's commit)."""

from django.dispatch import receiver

from bureau.publicity.signals import item_cleared, item_rejected

from .models import SmeEvaluation


@receiver(item_cleared, sender=SmeEvaluation, dispatch_uid="certification.sme_cleared")
def sme_cleared(sender, item, **kwargs):
    from .services.sme import publicity_cleared

    publicity_cleared(evaluation_id=item.object_id)


@receiver(item_rejected, sender=SmeEvaluation, dispatch_uid="certification.sme_rejected")
def sme_rejected(sender, item, **kwargs):
    from .services.sme import publicity_rejected

    publicity_rejected(evaluation_id=item.object_id)
