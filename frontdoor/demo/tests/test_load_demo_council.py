from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from frontdoor.catalogue.models import Partner, RoutingRule, Service, Team, Venue, Ward
from frontdoor.core.models import ClosureDay
from frontdoor.people.models import Address

pytestmark = pytest.mark.django_db
MODELS = (Service, Team, Partner, Venue, Ward, RoutingRule, ClosureDay, Address)


def snapshot() -> dict[str, Any]:
    return {
        model.__name__: sorted(model.objects.values_list(*[f.attname for f in model._meta.fields]))
        for model in MODELS
    } | {"users": sorted(get_user_model().objects.values_list("username", "password"))}


def test_the_demo_council_has_what_the_issue_promises() -> None:
    assert Service.objects.count() >= 30
    assert Venue.objects.filter(kind="library").count() == 10
    assert Venue.objects.filter(kind="community_hub").count() == 2
    assert Venue.objects.filter(kind="town_hall").count() == 1
    assert Partner.objects.count() == 1
    assert Ward.objects.count() == 18
    assert Service.objects.get(code="bulky-waste").online_only is True
    assert Service.objects.get(code="fly-tipping").synonym_list[0] == "dumped rubbish"
    assert Address.objects.exclude(uprn__startswith="DEMO").count() == 0


def test_loading_the_demo_council_twice_changes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot()
    call_command("load_demo_council", "--addresses", "300")
    assert snapshot() == before
    printed = capsys.readouterr().out
    assert "agent" in printed and "password for all: frontdoor-demo" in printed
