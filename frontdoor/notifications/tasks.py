from django_tasks import task

from . import services


@task()
def send_message(message_id: str) -> None:
    """One message whose time has come (after quiet hours, a backoff or its send_at)."""
    services.send_queued_message(message_id=message_id)


@task()
def drain_outbox() -> int:
    """Every message due now, in claimed batches: one task per transaction that queued some."""
    return services.drain_outbox()


@task()
def recover_outbox() -> int:
    """Scheduled: re-enqueue messages whose task was lost (a crash, a flushed queue)."""
    return services.recover_outbox()
