"""Tasks the scheduler tests put on a schedule."""

from django_tasks import task


@task()
def tick() -> str:
    return "ticked"


def not_a_task() -> None:
    """A plain function: the scheduler refuses it."""
