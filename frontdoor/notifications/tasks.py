from django_tasks import task

from .services import send_queued_message


@task()
def send_message(message_id: str) -> None:
    send_queued_message(message_id=message_id)
