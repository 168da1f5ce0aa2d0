from django_tasks import task

from . import rollup


@task()
def refresh_figures() -> int:
    """Scheduled: bring the monthly performance summaries up to date; months rebuilt."""
    return len(rollup.refresh_figures())
