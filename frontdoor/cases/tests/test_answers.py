"""Answers to a service's questions: every problem at once, for a form showing them all."""

import pytest

from frontdoor.cases.services.answers import answer_problems
from frontdoor.catalogue.selectors import service_by_code

pytestmark = pytest.mark.django_db


def test_every_question_with_a_problem_is_named_at_once_and_good_answers_are_not():
    fly_tipping = service_by_code("fly-tipping")
    assert answer_problems(fly_tipping, {"size": "lorry", "since": "not a date"}) == {
        "waste_type": "Answer the question: What has been dumped?",
        "size": "Select one of the options for how much is there.",
        "private_land": "Answer the question: Is it on private land?",
        "since": "When did you first notice it must be a real date.",
    }
    assert answer_problems(service_by_code("missed-bin"), {"bin": "recycling"}) == {}
