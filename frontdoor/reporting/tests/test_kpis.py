"""Each figure against the month in `dataset.py`, worked out by hand there."""

import datetime as dt

import pytest

from frontdoor.catalogue.models import Service, Team, Ward
from frontdoor.reporting import kpis
from frontdoor.reporting.scope import Filters, Period
from frontdoor.reporting.tables import Table

from .dataset import NOW, Month

pytestmark = pytest.mark.django_db

MAY = Period.month(dt.date(2026, 5, 1))
MAY_AND_JUNE = Period(dt.date(2026, 5, 1), dt.date(2026, 6, 1))
EVERYTHING = Filters()


def rows_by(table: Table, key: str = "group") -> dict[str, dict[str, object]]:
    return {str(row[key]): row for row in table.rows}


def service(code: str) -> Filters:
    return Filters(service_id=Service.objects.get(code=code).pk)


def test_channel_shift_counts_contacts_and_cases_made_online(month: Month) -> None:
    """Five of the eight May cases and five of the thirteen inbound contacts were online."""
    (may,) = kpis.channel_shift(MAY, EVERYTHING).rows
    assert may == {
        "month": "2026-05",
        "contacts": 13,
        "contacts_online": 5,
        "contacts_online_share": 38.5,
        "cases": 8,
        "cases_online": 5,
        "cases_online_share": 62.5,
        "cases_online_share_change": None,
    }


def test_channel_shift_compares_each_month_with_the_one_before(month: Month) -> None:
    """June had no new cases, so its share online cannot be compared: only May's counts."""
    june = kpis.channel_shift(Period.month(dt.date(2026, 6, 1)), EVERYTHING).rows[0]
    assert (june["cases"], june["cases_online_share"], june["cases_online_share_change"]) == (
        0,
        None,
        None,
    )


def test_contacts_and_cases_by_channel(month: Month) -> None:
    contacts = kpis.contacts_by_channel(MAY, EVERYTHING)
    assert [(row["channel"], row["contacts"]) for row in contacts.rows] == [
        ("Email", 2),
        ("Online", 5),
        ("Phone", 6),
    ]
    cases = kpis.cases_by_channel(MAY, EVERYTHING)
    assert [(row["channel"], row["cases"]) for row in cases.rows] == [
        ("Email", 1),
        ("Online", 5),
        ("Phone", 2),
    ]


def test_a_channel_filter_counts_only_that_channel(month: Month) -> None:
    (may,) = kpis.channel_shift(MAY, Filters(channel="phone")).rows
    assert (may["contacts"], may["cases"], may["cases_online"]) == (6, 2, 0)


def test_service_standards_count_promises_kept_and_missed_by_service(month: Month) -> None:
    """Missed bins: B and C's second response were late; the reopened case counts twice."""
    table = rows_by(kpis.service_standards(MAY, EVERYTHING))
    assert table["All"] == {
        "group": "All",
        "acknowledged_due": 8,
        "acknowledged_met": 7,
        "acknowledged_on_time": 87.5,
        "responded_due": 6,
        "responded_met": 4,
        "responded_on_time": 66.7,
    }
    bins = table["Report a missed bin collection"]
    assert (bins["responded_due"], bins["responded_met"], bins["responded_on_time"]) == (4, 2, 50.0)
    # D was answered after its original date, but the clock stopped while we waited.
    assert table["Report a noise problem"]["responded_on_time"] == 100.0
    # E was answered after its original date but within the extension agreed in time.
    complaint = table["Make a complaint"]
    assert (complaint["acknowledged_met"], complaint["acknowledged_due"]) == (1, 2)
    assert (complaint["responded_met"], complaint["responded_due"]) == (1, 1)


def test_service_standards_by_team_and_partner(month: Month) -> None:
    by_team = rows_by(kpis.service_standards(MAY, EVERYTHING, by="team"))
    assert by_team["Waste and Recycling"]["responded_due"] == 4
    by_partner = rows_by(kpis.service_standards(MAY, EVERYTHING, by="partner"))
    repairs = by_partner["Romford Repairs Partnership (demo contractor)"]
    assert (repairs["acknowledged_due"], repairs["responded_due"]) == (1, 0)


def test_a_team_sees_only_its_own_cases(month: Month) -> None:
    waste = Filters(team_id=Team.objects.get(slug="waste").pk)
    assert [row["group"] for row in kpis.service_standards(MAY, waste).rows] == [
        "All",
        "Report a missed bin collection",
    ]


def test_time_to_resolve_in_working_days_skips_bank_holidays(month: Month) -> None:
    """A 1, B 3, C 1 then 6, D 14, E 15 working days: average 6.7, nine in ten within 15."""
    table = rows_by(kpis.time_to_resolve(MAY, EVERYTHING))
    assert table["All"] == {
        "group": "All",
        "resolutions": 6,
        "average_working_days": 6.7,
        "p90_working_days": 15,
    }
    assert table["Report a missed bin collection"] == {
        "group": "Report a missed bin collection",
        "resolutions": 4,
        "average_working_days": 2.8,
        "p90_working_days": 6,
    }
    assert table["Report a noise problem"]["average_working_days"] == 14.0


def test_failure_demand_per_hundred_cases(month: Month) -> None:
    table = rows_by(kpis.failure_demand(MAY, EVERYTHING))
    assert table["Report a missed bin collection"] == {
        "group": "Report a missed bin collection",
        "cases": 3,
        "chasers": 1,
        "chasers_per_100_cases": 33.3,
        "repeat_contacts": 1,
        "repeat_contacts_per_100_cases": 33.3,
        "reopened": 1,
        "reopened_per_100_cases": 33.3,
    }
    assert table["Report a noise problem"]["repeat_contacts"] == 1
    assert (table["All"]["cases"], table["All"]["repeat_contacts"]) == (8, 2)


def test_first_contact_resolution_counts_new_contacts_only(month: Month) -> None:
    """Eight new cases and three enquiries were new contacts; two enquiries were answered."""
    assert kpis.first_contact_resolution(MAY, EVERYTHING).rows == [
        {"month": "2026-05", "contacts": 11, "resolved_at_first_contact": 2, "rate": 18.2}
    ]


def test_complaints_by_stage_with_an_escalation(month: Month) -> None:
    table = rows_by(kpis.complaints(MAY_AND_JUNE, EVERYTHING), "stage")
    stage_one, stage_two = table["Stage 1"], table["Stage 2"]
    assert (
        stage_one["received"],
        stage_one["acknowledged_met"],
        stage_one["acknowledged_due"],
    ) == (
        2,
        1,
        2,
    )
    assert (stage_one["responded_met"], stage_one["responded_due"], stage_one["not_upheld"]) == (
        1,
        1,
        1,
    )
    assert stage_two == {
        "stage": "Stage 2",
        "received": 1,
        "acknowledged_due": 1,
        "acknowledged_met": 1,
        "acknowledged_on_time": 100.0,
        "responded_due": 1,
        "responded_met": 1,
        "responded_on_time": 100.0,
        "upheld": 0,
        "partly_upheld": 1,
        "not_upheld": 0,
        "upheld_share": 100.0,
    }
    assert table["Referred to the Ombudsman"]["received"] == 0


def test_breaches_open_now(month: Month) -> None:
    """On 3 June only F is past a deadline; G waits on a partner, which does not stop the clock."""
    table = rows_by(kpis.breaches_open_now(EVERYTHING, at=NOW))
    assert (table["All"]["open_cases"], table["All"]["breached"]) == (3, 1)
    assert table["Complaints and Information"]["breached"] == 1


def test_ageing_bands_in_working_days(month: Month) -> None:
    """F is 21 working days old, G 19 and H 5."""
    assert {row["band"]: row["cases"] for row in kpis.ageing(EVERYTHING, at=NOW).rows} == {
        "Up to 5 working days": 1,
        "6 to 10 working days": 0,
        "11 to 20 working days": 1,
        "21 to 40 working days": 1,
        "More than 40 working days": 0,
    }


def test_cases_waiting_on_partners(month: Month) -> None:
    assert kpis.waiting_on_partners(EVERYTHING, at=NOW).rows == [
        {
            "partner": "Romford Repairs Partnership (demo contractor)",
            "cases": 1,
            "awaiting_partner": 1,
            "oldest_working_days": 19,
        }
    ]


def test_open_cases_by_holder_and_status(month: Month) -> None:
    assert [
        (row["holder"], row["status"], row["cases"])
        for row in kpis.open_cases_by_status(EVERYTHING).rows
    ] == [
        ("Complaints and Information", "Acknowledged", 1),
        ("Customer Services", "Acknowledged", 1),
        ("Romford Repairs Partnership (demo contractor)", "With our partner", 1),
    ]


def test_time_in_status_replays_the_timeline(month: Month) -> None:
    """D: acknowledged 17 + 56 working hours, waiting for the resident 40 (7 to 14 May)."""
    table = rows_by(kpis.time_in_status(MAY, service("noise")), "status")
    assert table["Acknowledged"]["average_working_hours"] == 73.0
    assert table["Waiting for you"]["average_working_hours"] == 40.0
    assert table["Waiting for you"]["share_of_time"] == 35.4


def test_messages_to_residents_by_channel(month: Month) -> None:
    """8 acknowledgements, 6 answers, a request for information and an extension notice."""
    assert kpis.messages_by_channel(MAY, EVERYTHING).rows == [
        {"month": "2026-05", "channel": "Email", "messages": 16, "failed": 0}
    ]


def test_a_ward_filter_reads_the_rows_by_ward(month: Month) -> None:
    """A's ward: the figures count A's cases there, and nothing from other wards."""
    ward = month.a.ward_id
    assert ward is not None
    in_ward = [case for case in vars(month).values() if case.ward_id == ward]
    (may,) = kpis.channel_shift(MAY, Filters(ward_id=ward)).rows
    assert may["cases"] == len(in_ward)
    resolved = kpis.time_to_resolve(MAY, Filters(ward_id=ward)).rows[0]
    assert resolved["resolutions"] == 1  # A alone, resolved once


def test_time_to_resolve_by_channel_and_for_one_channel(month: Month) -> None:
    """Phone: B alone (3 days); online: A, C twice, D and E."""
    by_channel = rows_by(kpis.time_to_resolve(MAY, EVERYTHING, by="channel"))
    assert (by_channel["Phone"]["resolutions"], by_channel["Phone"]["average_working_days"]) == (
        1,
        3.0,
    )
    assert by_channel["Online"]["resolutions"] == 5
    phone = kpis.time_to_resolve(MAY, Filters(channel="phone")).rows[0]
    assert (phone["resolutions"], phone["p90_working_days"]) == (1, 3)


def test_figures_by_ward_add_up_to_the_whole(month: Month) -> None:
    by_ward = kpis.service_standards(MAY, EVERYTHING, by="ward").rows
    assert Ward.objects.get(case=month.a).name in {row["group"] for row in by_ward}
    assert by_ward[0]["acknowledged_due"] == 8
    assert sum(int(row["acknowledged_due"]) for row in by_ward[1:]) == 8


def test_complaints_by_theme_count_each_theme_of_a_complaint(month: Month) -> None:
    """E (delay, communication) was partly upheld at stage 2; F (staff conduct) is unanswered."""
    table = rows_by(kpis.complaint_themes(MAY_AND_JUNE, EVERYTHING), "theme")
    assert table == {
        "Delay or missed deadline": {
            "theme": "Delay or missed deadline",
            "complaints": 1,
            "upheld": 1,
            "not_upheld": 0,
            "upheld_share": 100.0,
        },
        "Communication": {
            "theme": "Communication",
            "complaints": 1,
            "upheld": 1,
            "not_upheld": 0,
            "upheld_share": 100.0,
        },
        "Staff conduct": {
            "theme": "Staff conduct",
            "complaints": 1,
            "upheld": 0,
            "not_upheld": 1,
            "upheld_share": 0.0,
        },
    }
    assert kpis.complaint_themes(MAY, service("missed-bin")).rows == []


def test_learning_actions_open_and_overdue_at_each_month_end(month: Month) -> None:
    """May: two added, both open at its end, one past its due date (29 May). June, on 3 June:
    one done, one open and not yet due."""
    assert kpis.learning_actions(MAY_AND_JUNE, EVERYTHING, at=NOW).rows == [
        {"month": "2026-05", "added": 2, "completed": 0, "open": 2, "overdue": 1},
        {"month": "2026-06", "added": 0, "completed": 1, "open": 1, "overdue": 0},
    ]


def test_satisfaction_by_service_channel_and_month(month: Month) -> None:
    """A 5, B 4, C 2, D 5 in May; E 1 in June: three of five satisfied."""
    by_service = rows_by(kpis.satisfaction(MAY_AND_JUNE, EVERYTHING))
    assert by_service["All"] == {
        "group": "All",
        "ratings": 5,
        "satisfied": 3,
        "not_satisfied": 2,
        "satisfied_share": 60.0,
    }
    assert by_service["Report a missed bin collection"]["satisfied_share"] == 66.7
    assert by_service["Report a noise problem"]["satisfied_share"] == 100.0
    assert by_service["Make a complaint"]["satisfied_share"] == 0.0
    by_channel = rows_by(kpis.satisfaction(MAY_AND_JUNE, EVERYTHING, by="channel"))
    assert (by_channel["Online"]["ratings"], by_channel["Online"]["satisfied"]) == (4, 2)
    assert (by_channel["Phone"]["ratings"], by_channel["Phone"]["satisfied"]) == (1, 1)
    waste = Filters(team_id=Team.objects.get(slug="waste").pk)
    assert (
        rows_by(kpis.satisfaction(MAY, waste, by="team"))["Waste and Recycling"]["satisfied_share"]
        == 66.7
    )
    assert [
        (row["month"], row["ratings"], row["satisfied"], row["satisfied_share"])
        for row in kpis.satisfaction_by_month(MAY_AND_JUNE, EVERYTHING).rows
    ] == [("2026-05", 4, 3, 75.0), ("2026-06", 1, 0, 0.0)]
