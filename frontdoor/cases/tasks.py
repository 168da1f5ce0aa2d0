from django_tasks import task

from .services import mark_breach


@task()
def check_deadline(deadline_id: int, expected_due_at: str) -> bool:
    return mark_breach(deadline_id=deadline_id, expected_due_at=expected_due_at)
