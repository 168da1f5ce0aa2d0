"""Shared fixtures: the demo council loaded once, and named people."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from hypothesis import settings as hypothesis_settings

from frontdoor.catalogue.selectors import forget_catalogue
from frontdoor.core.actors import Actor, Channel
from frontdoor.core.council import forget_calendar
from frontdoor.demo.loader import load_demo_council
from frontdoor.notifications.selectors import forget_templates

DEMO_ADDRESSES = 300

# Property tests judge results, not speed: a busy CI machine must not fail them.
hypothesis_settings.register_profile("frontdoor", deadline=None)
hypothesis_settings.load_profile("frontdoor")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The demo council is every test's council; each test rolls its own changes back."""
    with django_db_blocker.unblock():
        load_demo_council(address_count=DEMO_ADDRESSES)
    yield


@pytest.fixture(autouse=True)
def fresh_council() -> Iterator[None]:
    """Each test sees the calendar, catalogue and templates of its own (rolled-back) database."""
    forget_calendar()
    forget_catalogue()
    forget_templates()
    yield
    forget_calendar()
    forget_catalogue()
    forget_templates()


def staff(username: str) -> Actor:
    return Actor.staff(get_user_model().objects.get(username=username))


@pytest.fixture
def agent(db: None) -> Actor:
    return staff("agent")


@pytest.fixture
def waste_officer(db: None) -> Actor:
    return staff("waste.officer")


@pytest.fixture
def resident() -> Actor:
    return Actor.resident("Sam Resident", Channel.ONLINE)
