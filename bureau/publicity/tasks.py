"""Periodic work of public notices."""

from celery import shared_task


@shared_task(ignore_result=True)
def close_expired():
    """Close the notices whose period has ended (idempotent: closed ones are skipped)."""
    from .services import close_expired as close

    return close()


@shared_task(ignore_result=True)
def mail_objection_reply(objection_id: int):
    """E-mail staff's finding to the objector (idempotent: a mailed reply is not sent again)."""
    from .services import mail_reply

    return mail_reply(objection_id=objection_id)
