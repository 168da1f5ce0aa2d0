"""A small month of work, built through the case services, whose figures are worked out by hand.

May 2026 has two bank holidays (Monday 4 and Monday 25 May). The cases:

A  missed bin, online, Fri 1 May; resolved Tue 5 May: on time, 1 working day.
B  missed bin, phone, Mon 11 May; chased Wed 13 May; resolved Thu 14 May: late, 3 days.
C  missed bin, online, Tue 19 May; resolved Wed 20 May (on time, 1 day); reopened Fri 22
   May; resolved again Thu 28 May: late, 6 working days from the first clock start.
D  noise, online, received on the bank holiday Mon 4 May (clock starts Tue 5 May); waiting
   for the resident Thu 7 to Thu 14 May (clock stopped); more information by email Thu 14
   May; resolved Tue 26 May: on time only thanks to the pause, 14 working days.
E  complaint, online, Tue 5 May; acknowledged Thu 7 May; extended by 5 working days on
   Mon 18 May; not upheld Wed 27 May (on time after the extension, 15 working days);
   escalated Mon 1 June; stage 2 acknowledged Tue 2 June; partly upheld Wed 3 June.
F  complaint, online, Fri 1 May; acknowledged late Tue 12 May; still open (answer due
   Wed 27 May, so past due on 3 June).
G  housing repair with the repairs partner, phone, Wed 6 May; waiting on the partner
   from Thu 7 May; still open (due Thu 4 June).
H  general enquiry, email, Wed 27 May; still open.

Complaint themes: E is about delay and communication (set Wed 27 May), F about staff conduct
(set Tue 12 May). Learning actions on E: one added Wed 27 May, due Wed 10 June, still open;
one added Thu 28 May, due Fri 29 May, done Mon 1 June (so open and overdue at the end of May).

Satisfaction: A very satisfied (Wed 6 May), B satisfied (Fri 15 May), D very satisfied
(Wed 27 May), C dissatisfied (Fri 29 May); E very dissatisfied (Wed 3 June, 14:00).

Contacts besides each case's first: B's chaser, D's update, and three phone enquiries
without a case, two of them answered there and then. "Now" is Wed 3 June 2026, noon.
"""

import datetime as dt
from dataclasses import dataclass

import time_machine
from django.contrib.auth import get_user_model

from frontdoor.cases.models import Case, ComplaintTheme, Contact, Outcome
from frontdoor.cases.services import (
    acknowledge,
    add_learning_action,
    complete_learning_action,
    escalate,
    extend,
    open_case,
    pause,
    record_contact,
    record_work_done,
    reopen,
    resolve,
    resume,
    set_themes,
)
from frontdoor.core.actors import Actor, Channel
from frontdoor.core.tests.times import london
from frontdoor.feedback.models import Rating
from frontdoor.feedback.services import rate_case
from frontdoor.people.models import Address, Person

NOW = london(2026, 6, 3, 12, 0)


@dataclass
class Month:
    a: Case
    b: Case
    c: Case
    d: Case
    e: Case
    f: Case
    g: Case
    h: Case


def staff(username: str, channel: Channel = Channel.STAFF) -> Actor:
    return Actor.staff(get_user_model().objects.get(username=username), channel)


def _person(index: int) -> Person:
    address = Address.objects.order_by("pk")[index]
    return Person.objects.create(
        name=f"Resident {index}", email=f"resident{index}@example.org", address=address
    )


def _uprn(index: int) -> str:
    return Address.objects.order_by("pk")[index].uprn


def theme(slug: str) -> ComplaintTheme:
    return ComplaintTheme.objects.get(slug=slug)


def at(month: int, day: int, hour: int = 10) -> time_machine.travel:
    return time_machine.travel(london(2026, month, day, hour, 0), tick=False)


def build() -> Month:
    online = Actor.resident("A resident", Channel.ONLINE)
    phone = staff("agent", Channel.PHONE)
    email = staff("agent", Channel.EMAIL)
    waste = staff("waste.officer")
    admin = staff("admin")
    officer, reviewer = staff("complaints.officer"), staff("complaints.reviewer")

    def missed_bin(actor: Actor, index: int) -> Case:
        return open_case(
            actor=actor,
            service_code="missed-bin",
            answers={"bin": "recycling"},
            uprn=_uprn(index),
            person=_person(index),
        )

    def done(case: Case) -> Case:
        record_work_done(actor=waste, case=case, note="The crew came back and emptied it.")
        return resolve(actor=waste, case=case, response="We emptied your bin.")

    with at(5, 1):
        a = missed_bin(online, 1)
        f = open_case(
            actor=online, service_code="complaint", description="Rude.", person=_person(6)
        )
    with at(5, 5, 11):
        done(a)

    with at(5, 11, 9):
        b = missed_bin(phone, 2)
    with at(5, 13):
        record_contact(
            actor=phone, summary="Where is the crew?", case=b, purpose=Contact.Purpose.CHASER
        )
    with at(5, 14):
        done(b)

    with at(5, 19):
        c = missed_bin(online, 3)
    with at(5, 20):
        done(c)
    with at(5, 22):
        reopen(actor=online, case=c, reason="They missed it again.")
    with at(5, 28):
        done(c)

    with at(5, 4):
        d = open_case(actor=online, service_code="noise", uprn=_uprn(4), person=_person(4))
    with at(5, 7):
        pause(actor=admin, case=d, waiting_for="customer", reason="Please fill in a noise diary.")
    with at(5, 14):
        record_contact(actor=email, summary="My diary.", case=d, purpose=Contact.Purpose.UPDATE)
        resume(actor=admin, case=d, note="Diary received.")
    with at(5, 26):
        resolve(actor=admin, case=d, response="We have warned your neighbour.")

    with at(5, 5):
        e = open_case(
            actor=online, service_code="complaint", description="Late.", person=_person(5)
        )
    with at(5, 7):
        acknowledge(actor=officer, case=e)
    with at(5, 18):
        extend(actor=officer, case=e, working_days=5, reason="we are asking the crew")
    with at(5, 27):
        resolve(actor=officer, case=e, response="We found no fault.", outcome=Outcome.NOT_UPHELD)

    with at(5, 12):
        acknowledge(actor=officer, case=f)
        set_themes(actor=officer, case=f, themes=[theme("staff-conduct")])
    with at(5, 27, 15):
        set_themes(actor=officer, case=e, themes=[theme("delay"), theme("communication")])
        add_learning_action(
            actor=officer,
            case=e,
            action="Crews report a missed street the same day.",
            owner=get_user_model().objects.get(username="complaints.officer"),
            due_on=dt.date(2026, 6, 10),
        )
    with at(5, 28):
        quick = add_learning_action(
            actor=officer,
            case=e,
            action="Tell the resident the new date when we extend.",
            owner=get_user_model().objects.get(username="complaints.officer"),
            due_on=dt.date(2026, 5, 29),
        )
    with at(6, 1, 9):
        complete_learning_action(actor=officer, learning_action=quick, note="Template changed.")

    with at(5, 6):
        g = open_case(
            actor=phone,
            service_code="housing-repair",
            answers={"room": "Kitchen", "emergency": "no"},
            uprn=_uprn(7),
            person=_person(7),
        )
    with at(5, 7):
        pause(actor=admin, case=g, waiting_for="partner", reason="Survey booked.")

    with at(5, 27):
        h = open_case(
            actor=email, service_code="general-enquiry", description="Hello", person=_person(8)
        )

    with at(5, 15):
        for answered in (True, True, False):
            record_contact(
                actor=phone,
                summary="When is my bin day?",
                purpose=Contact.Purpose.ADVICE,
                resolved_at_first_contact=answered,
            )

    with at(6, 1):
        escalate(actor=online, case=e, reason="I disagree.")
    with at(6, 2):
        acknowledge(actor=reviewer, case=e)
    with at(6, 3):
        resolve(
            actor=reviewer, case=e, response="We were partly wrong.", outcome=Outcome.PARTLY_UPHELD
        )

    for when, case, rating in (
        ((5, 6), a, Rating.VERY_SATISFIED),
        ((5, 15), b, Rating.SATISFIED),
        ((5, 27), d, Rating.VERY_SATISFIED),
        ((5, 29), c, Rating.DISSATISFIED),
        ((6, 3, 14), e, Rating.VERY_DISSATISFIED),
    ):
        with at(*when):
            rate_case(actor=online, case=case, rating=rating)

    return Month(*(Case.objects.get(pk=case.pk) for case in (a, b, c, d, e, f, g, h)))
