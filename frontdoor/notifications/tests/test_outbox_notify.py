"""The outbox against a local server that behaves like GOV.UK Notify."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from frontdoor.cases.models import TimelineEvent
from frontdoor.cases.tests.helpers import a_person, open_missed_bin
from frontdoor.notifications.models import Message
from frontdoor.notifications.services import recover_outbox, send_queued_message
from frontdoor.people.models import Person

pytestmark = pytest.mark.django_db

# A weekday mid-morning, so texts are not held back for quiet hours.
DAYTIME = dt.datetime(2026, 3, 10, 10, 0, tzinfo=dt.UTC)


def acknowledgement(person: Person) -> Message:
    case = open_missed_bin(person=person)
    return Message.objects.get(case=case, event="acknowledgement")


@time_machine.travel(DAYTIME, tick=True)
def test_an_acknowledgement_reaches_notify_once_with_its_id_as_reference(
    fake_notify, run_worker, task_queue
):
    message = acknowledgement(a_person(email="ada@example.org"))

    run_worker()
    run_worker()  # A second pass finds nothing more to send.

    sent = fake_notify.sent_to("ada@example.org")
    assert [n["reference"] for n in sent] == [str(message.pk)]
    assert message.case is not None
    assert message.case.reference in sent[0]["personalisation"]["body"]
    message.refresh_from_db()
    assert message.state == Message.State.SENT
    assert message.provider_id == sent[0]["id"]


# The clock stands still: a slow machine must not let the 5 s backoff fall due in the same pass.
@time_machine.travel(DAYTIME, tick=False)
def test_a_reply_lost_in_a_timeout_is_not_sent_twice(fake_notify, run_worker, task_queue):
    # Notify keeps the message but answers after our timeout: the worker cannot tell.
    fake_notify.script("slow@example.org", "timeout")
    message = acknowledgement(a_person(email="slow@example.org"))

    run_worker()
    message.refresh_from_db()
    assert message.state == Message.State.QUEUED
    assert message.last_error.startswith("Notify answered 503")

    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)):
        run_worker()

    message.refresh_from_db()
    assert message.state == Message.State.SENT
    assert len(fake_notify.sent_to("slow@example.org")) == 1


@time_machine.travel(DAYTIME, tick=True)
def test_server_errors_are_retried_with_growing_delays(fake_notify, run_worker, task_queue):
    fake_notify.script("flaky@example.org", "error", "error")
    message = acknowledgement(a_person(email="flaky@example.org"))

    run_worker()
    first = task_queue.pending(message.pk)
    assert len(first) == 1
    first_delay = (first[0] - timezone.now()).total_seconds()
    assert 3 <= first_delay <= 5

    with time_machine.travel(timezone.now() + dt.timedelta(seconds=6)):
        run_worker()
        second = task_queue.pending(message.pk)
        assert len(second) == 1
        second_delay = (second[0] - timezone.now()).total_seconds()
        assert 8 <= second_delay <= 10

    with time_machine.travel(timezone.now() + dt.timedelta(seconds=30)):
        run_worker()
    message.refresh_from_db()
    assert (message.state, message.attempts) == (Message.State.SENT, 3)
    assert len(fake_notify.sent_to("flaky@example.org")) == 1


@time_machine.travel(DAYTIME, tick=True)
def test_rate_limiting_waits_as_long_as_notify_asks(fake_notify, run_worker, task_queue):
    fake_notify.script("busy@example.org", "rate-limit")
    fake_notify.retry_after = "120"
    message = acknowledgement(a_person(email="busy@example.org"))

    run_worker()

    [retry] = task_queue.pending(message.pk)
    assert 115 <= (retry - timezone.now()).total_seconds() <= 120
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=60)):
        run_worker()
        assert fake_notify.sent_to("busy@example.org") == []
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=121)):
        run_worker()
    assert len(fake_notify.sent_to("busy@example.org")) == 1


@time_machine.travel(DAYTIME, tick=True)
def test_a_rejected_address_falls_back_to_text_and_flags_the_case(
    fake_notify, run_worker, task_queue
):
    fake_notify.script("typo@example", "reject")
    person = a_person(email="typo@example")
    person.phone = "07700900123"
    person.save()
    message = acknowledgement(person)

    run_worker()

    message.refresh_from_db()
    assert message.state == Message.State.FAILED
    fallback = Message.objects.get(fallback_of=message)
    assert (fallback.channel, fallback.state) == (Message.Channel.SMS, Message.State.SENT)
    assert len(fake_notify.sent_to("07700900123")) == 1
    assert fake_notify.sent_to("typo@example") == []
    flag = TimelineEvent.objects.get(case=message.case, verb="message_failed")
    assert "instead" in flag.summary and not flag.public


@time_machine.travel(DAYTIME, tick=True)
def test_a_worker_killed_mid_send_is_recovered_after_its_lease(fake_notify, run_worker, task_queue):
    message = acknowledgement(a_person(email="crash@example.org"))
    # The worker claimed the message and sent it, then died before recording the receipt.
    fake_notify.script("crash@example.org", "timeout")
    send_queued_message(message_id=message.pk)
    Message.objects.filter(pk=message.pk).update(
        state=Message.State.SENDING, lease_until=timezone.now() + dt.timedelta(minutes=2)
    )
    task_queue.forget_all()  # Its task died with it.

    assert recover_outbox() == 0  # The lease still holds: nobody else may touch it.
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=3)):
        assert recover_outbox() == 1
        run_worker()

    message.refresh_from_db()
    assert message.state == Message.State.SENT
    assert len(fake_notify.sent_to("crash@example.org")) == 1


@time_machine.travel(DAYTIME, tick=True)
def test_no_message_is_lost_or_duplicated_across_a_provider_outage(
    fake_notify, run_worker, task_queue
):
    emails = [f"resident{n}@example.org" for n in range(6)]
    for n, email in enumerate(emails):
        fake_notify.script(email, *["error", "timeout", "rate-limit"][: n % 4])
    fake_notify.retry_after = "1"
    messages = [acknowledgement(a_person(email=email)) for email in emails]

    for minutes in range(0, 10):
        with time_machine.travel(timezone.now() + dt.timedelta(minutes=minutes)):
            run_worker()

    assert {m.state for m in Message.objects.filter(pk__in=[m.pk for m in messages])} == {
        Message.State.SENT
    }
    for email in emails:
        assert len(fake_notify.sent_to(email)) == 1, email


@time_machine.travel(DAYTIME, tick=True)
def test_every_failure_handler_named_in_settings_hears_of_a_failed_message(
    fake_notify, run_worker, task_queue, settings
):
    from . import failure_handlers

    failure_handlers.calls.clear()
    settings.NOTIFY_FAILURE_HANDLERS = [
        *settings.NOTIFY_FAILURE_HANDLERS,
        "frontdoor.notifications.tests.failure_handlers.note_failure",
    ]
    fake_notify.script("typo@example", "reject")
    message = acknowledgement(a_person(email="typo@example"))

    run_worker()

    assert failure_handlers.calls == [("typo@example", "letter")]  # the person has an address
    assert TimelineEvent.objects.filter(case=message.case, verb="message_failed").count() == 1
