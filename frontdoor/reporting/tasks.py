from django_tasks import task

from . import dashboard


@task()
def refresh_figures() -> int:
    """Scheduled: bring the monthly performance summaries up to date, then warm the staff
    dashboards; months rebuilt."""
    return len(dashboard.refresh())
