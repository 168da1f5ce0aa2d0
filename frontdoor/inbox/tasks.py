from django_tasks import task

from . import imap


@task()
def poll_mailbox() -> int:
    """Scheduled: receive the council mailbox's unseen mail (nothing when IMAP is not set up)."""
    return imap.poll_mailbox()
