from django_tasks import task

from . import services
from .services import send_queued_message


@task()
def send_message(message_id: str) -> None:
    send_queued_message(message_id=message_id)


@task()
def recover_outbox() -> int:
    """Scheduled: re-enqueue messages whose task was lost (a crash, a flushed queue)."""
    return services.recover_outbox()
