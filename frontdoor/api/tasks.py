from django_tasks import task

from . import webhooks


@task()
def fan_out_webhooks() -> int:
    return len(webhooks.fan_out())


@task()
def deliver_webhook(delivery_id: int) -> str:
    return str(webhooks.deliver(delivery_id))
