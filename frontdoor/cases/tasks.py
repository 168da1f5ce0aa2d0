from django.utils import timezone
from django_tasks import task

from .services import mark_breach, send_breach_digests


@task()
def check_deadline(deadline_id: int, expected_due_at: str) -> bool:
    return mark_breach(deadline_id=deadline_id, expected_due_at=expected_due_at)


@task()
def send_breach_digest() -> int:
    """Scheduled on weekday mornings: each team lead's list of the team's overdue cases."""
    return send_breach_digests(timezone.now())
