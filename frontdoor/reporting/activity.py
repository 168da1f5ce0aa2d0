"""Realistic activity at scale, written straight into PostgreSQL with set-based SQL.

For measuring the figures at the size of a large council or a shared
platform: millions of cases and contacts in minutes, no ORM row by row.
The shape follows what councils report: more contacts in winter and on
Mondays, few at weekends and on bank holidays, a channel mix moving online
over time, most cases resolved near their standard with a long tail of slow
ones, chasers drawn by slow cases, and enquiries answered at first contact.

Generated cases carry the records the figures read (cases, deadlines,
contacts, the resolved, reopened and escalated timeline events, residents'
satisfaction ratings of about one resolved case in eight, and complaints'
themes, answers and learning actions); they
have no people, addresses or messages. Due times are approximate (working
days taken as 1.4 calendar days), so the generated promises are plausible
rather than exact; the figures computed from them are exact.
"""

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection

from frontdoor.catalogue.models import Service
from frontdoor.core.council import working_calendar

from .scope import add_months

# Relative demand per service; the rest weigh 1.
SERVICE_WEIGHTS = {
    "missed-bin": 22,
    "fly-tipping": 9,
    "council-tax-enquiry": 8,
    "council-tax-move": 6,
    "pothole": 6,
    "housing-repair": 7,
    "bulky-waste": 4,
    "street-light": 3,
    "litter": 3,
    "parking-permit": 3,
    "benefit-enquiry": 4,
    "general-enquiry": 5,
    "noise": 3,
    "damp-and-mould": 2,
    "complaint": 2,
    "new-bin": 3,
}
CHASE_EVERY_DAYS = 8.0
CHASING_SHARE = 0.35  # the share of residents who chase a slow case at all
WEEKDAY_WEIGHTS = [1.45, 1.15, 1.05, 1.0, 0.9, 0.35, 0.3]  # Monday first
# (channel, share at the start, share at the end): the online share grows.
CHANNELS = [
    ("online", 0.50, 0.62),
    ("open311", 0.02, 0.03),
    ("phone", 0.33, 0.24),
    ("email", 0.09, 0.07),
    ("in_person", 0.05, 0.035),
    ("letter", 0.01, 0.005),
]


@dataclass(frozen=True)
class Size:
    cases: int
    contacts: int
    months: int
    end: dt.date  # the day after the last one generated (usually today)


def _season(month: int) -> float:
    """A winter peak (January) and a summer dip, about ±15 %."""
    return 1 + 0.15 * math.cos(2 * math.pi * (month - 1) / 12)


def daily_counts(size: Size) -> list[tuple[dt.date, int, float]]:
    """How many cases arrive each day: (day, count, position in the span from 0 to 1)."""
    calendar = working_calendar()
    start = add_months(size.end.replace(day=1), 1 - size.months)
    days = []
    day = start
    while day < size.end:
        weight = _season(day.month) * WEEKDAY_WEIGHTS[day.weekday()]
        if calendar.is_bank_holiday(day):
            weight *= 0.35
        days.append((day, weight))
        day += dt.timedelta(days=1)
    total = sum(weight for _, weight in days)
    counts, given = [], 0
    for index, (day, weight) in enumerate(days):
        share = round(size.cases * weight / total) if index < len(days) - 1 else size.cases - given
        share = max(share, 0)
        given += share
        counts.append((day, share, index / max(len(days) - 1, 1)))
    return counts


def _services() -> list[tuple[int | float | str | bool | None, ...]]:
    rows: list[tuple[int | float | str | bool | None, ...]] = []
    low = 0.0
    services = list(Service.objects.select_related("standard").order_by("pk"))
    total = sum(SERVICE_WEIGHTS.get(service.code, 1) for service in services)
    for service in services:
        high = low + SERVICE_WEIGHTS.get(service.code, 1) / total
        standard = service.standard
        rows.append(
            (
                service.pk,
                service.team_id,
                service.partner_id,
                standard.pk,
                service.kind,
                standard.acknowledge_automatically,
                standard.acknowledge_days,
                standard.resolve_days or 1,
                low,
                1.0 if service is services[-1] else high,
            )
        )
        low = high
    return rows


def _channel_case(position: str) -> str:
    """SQL choosing a channel from r_channel, with shares moving along the span."""
    parts, cumulative = [], []
    for channel, first, last in CHANNELS:
        cumulative.append(f"({first} + ({last} - {first}) * {position})")
        parts.append(f"WHEN r_channel < {' + '.join(cumulative)} THEN '{channel}'")
    return "CASE " + " ".join(parts) + " ELSE 'online' END"


CASES_SQL = """
INSERT INTO cases_case (
    reference, kind, status, is_open, channel, description, answers, location_description,
    received_at, clock_started_at, acknowledged_at, work_done_at, responded_at, resolved_at,
    closed_at, status_before_pause, response, outcome, work_done_note, reopened_count,
    complaint_stage, next_due_at, version, created_at, updated_at, work_booked_window,
    partner_id, service_id, standard_id, team_id, ward_id
)
SELECT
    'GEN-' || nextval('gen_reference'),
    g.kind,
    CASE WHEN g.resolved_at <= now() THEN 'resolved'
         WHEN g.partner_id IS NOT NULL AND g.r_open < 0.5 THEN 'awaiting_partner'
         WHEN g.r_open < 0.15 THEN 'awaiting_customer'
         WHEN g.r_open < 0.6 THEN 'in_progress'
         WHEN g.auto_ack THEN 'acknowledged'
         ELSE 'received' END,
    g.resolved_at > now(),
    g.channel, '', '{}'::jsonb, '',
    g.received_at, g.clock_started_at,
    CASE WHEN g.auto_ack THEN g.received_at
         WHEN g.clock_started_at + g.ack_after <= now() THEN g.clock_started_at + g.ack_after END,
    NULL,
    CASE WHEN g.resolved_at <= now() THEN g.resolved_at END,
    CASE WHEN g.resolved_at <= now() THEN g.resolved_at END,
    NULL, '', '',
    CASE WHEN g.resolved_at > now() THEN ''
         WHEN g.kind = 'complaint'
         THEN (ARRAY['upheld', 'partly_upheld', 'not_upheld'])[1 + floor(g.r_outcome * 3)::int]
         ELSE 'done' END,
    '',
    CASE WHEN g.r_reopen < 0.025 AND g.resolved_at <= now() THEN 1 ELSE 0 END,
    CASE WHEN g.kind = 'complaint' THEN 1 END,
    CASE WHEN g.resolved_at > now()
         THEN g.clock_started_at + g.resolve_days * interval '1.4 days' END,
    1, g.received_at, g.received_at, '',
    g.partner_id, g.service_id, g.standard_id, g.team_id,
    (SELECT array_agg(id ORDER BY id) FROM catalogue_ward)[1 + floor(g.r_ward * %(wards)s)::int]
FROM (
    SELECT x.*, s.*,
        x.clock_started_at + s.resolve_days * interval '1 day' * 1.4
            * exp(0.55 * sqrt(-2 * ln(1 - x.r_a)) * cos(2 * pi() * x.r_b) - 0.25)
            * CASE WHEN x.r_tail < 0.04 THEN 3 + 8 * x.r_c ELSE 1 END AS resolved_at
    FROM (
        SELECT d0.*, {channel} AS channel,
            CASE WHEN extract(isodow FROM local) < 6 AND local::time >= '09:00'
                      AND local::time < '17:00' THEN received_at
                 ELSE ((local::date
                        + CASE WHEN extract(isodow FROM local) = 5 AND local::time >= '17:00' THEN 3
                               WHEN extract(isodow FROM local) = 6 THEN 2
                               WHEN extract(isodow FROM local) = 7 THEN 1
                               WHEN local::time >= '17:00' THEN 1 ELSE 0 END)
                       + time '09:00') AT TIME ZONE 'Europe/London' END AS clock_started_at,
            interval '1 hour' * (2 + 60 * r_c) AS ack_after
        FROM (
            SELECT d.t, random() AS r_service, random() AS r_channel, random() AS r_ward,
                random() AS r_open, random() AS r_outcome, random() AS r_reopen,
                random() AS r_a, random() AS r_b, random() AS r_c, random() AS r_tail,
                l.local, l.local AT TIME ZONE 'Europe/London' AS received_at
            FROM gen_day d, generate_series(1, d.n) AS k,
                LATERAL (SELECT d.day + time '07:00' + random() * interval '14 hours'
                                + 0 * k * interval '1 second' AS local) l
        ) d0
    ) x
    JOIN gen_service s ON x.r_service >= s.lo AND x.r_service < s.hi
) g
"""

DEADLINES_SQL = """
INSERT INTO cases_deadline (promise, stage, starts_at, due_at, original_due_at, paused_seconds,
    extension_reason, result, completed_at, breached_at, case_id)
SELECT 'acknowledge', coalesce(c.complaint_stage, 0), c.clock_started_at, due, due, 0, '',
    CASE WHEN c.acknowledged_at IS NULL THEN 'pending'
         WHEN c.acknowledged_at <= due THEN 'met' ELSE 'breached' END,
    c.acknowledged_at,
    CASE WHEN c.acknowledged_at > due THEN due END,
    c.id
FROM cases_case c JOIN gen_service s ON s.service_id = c.service_id,
LATERAL (SELECT c.clock_started_at + greatest(s.ack_days, 1) * interval '1.4 days' AS due) d
WHERE c.id > %(after)s
UNION ALL
SELECT 'respond', coalesce(c.complaint_stage, 0), start, due, due, 0, '',
    CASE WHEN c.resolved_at IS NULL THEN 'pending'
         WHEN c.resolved_at <= due THEN 'met' ELSE 'breached' END,
    c.resolved_at,
    CASE WHEN c.resolved_at > due OR (c.resolved_at IS NULL AND due < now()) THEN due END,
    c.id
FROM cases_case c JOIN gen_service s ON s.service_id = c.service_id,
LATERAL (SELECT coalesce(c.acknowledged_at, c.clock_started_at) AS start) st,
LATERAL (SELECT start + s.resolve_days * interval '1.4 days' AS due) d
WHERE c.id > %(after)s
"""

EVENTS_SQL = """
INSERT INTO cases_timelineevent (at, verb, summary, public, actor_label, channel, data, case_id)
SELECT c.resolved_at, 'resolved', 'Resolved.', true, 'Generated', 'staff',
    jsonb_build_object('outcome', c.outcome, 'stage', coalesce(c.complaint_stage, 0)), c.id
FROM cases_case c WHERE c.id > %(after)s AND c.resolved_at IS NOT NULL
UNION ALL
SELECT c.clock_started_at + (c.resolved_at - c.clock_started_at) * p.share, p.verb, p.verb,
    true, 'Generated', 'staff',
    jsonb_build_object('outcome', 'done', 'stage', coalesce(c.complaint_stage, 0)), c.id
FROM cases_case c, (VALUES (0.4, 'resolved'), (0.5, 'reopened')) AS p(share, verb)
WHERE c.id > %(after)s AND c.reopened_count > 0
UNION ALL
SELECT c.resolved_at + interval '4 days', 'escalated', 'Escalated to stage 2.', true,
    'Generated', 'online', jsonb_build_object('stage', 2), c.id
FROM cases_case c
WHERE c.id > %(after)s AND c.kind = 'complaint' AND c.resolved_at IS NOT NULL
    AND c.resolved_at + interval '4 days' < now() AND c.id %% 8 = 0
"""

FIRST_CONTACTS_SQL = """
INSERT INTO cases_contact (channel, direction, purpose, at, summary, outcome,
    resolved_at_first_contact, is_failure_demand, case_id)
SELECT c.channel, 'in', 'new_request', c.received_at, '', '', false, false, c.id
FROM cases_case c WHERE c.id > %(after)s
"""

# One chaser for each stretch of `every` days a case stays open past its clock start.
CHASERS_SQL = """
INSERT INTO cases_contact (channel, direction, purpose, at, summary, outcome,
    resolved_at_first_contact, is_failure_demand, case_id)
SELECT CASE WHEN random() < 0.55 THEN 'phone' WHEN random() < 0.7 THEN 'email' ELSE 'online' END,
    'in', CASE WHEN k %% 4 = 3 THEN 'update' ELSE 'chaser' END,
    c.clock_started_at + k * %(every)s * interval '1 day', '', '', false, k %% 4 <> 3, c.id
FROM cases_case c,
    generate_series(1, floor(extract(epoch FROM least(coalesce(c.resolved_at, now()), now())
        - c.clock_started_at) / 86400 / %(every)s)::int) k
WHERE c.id > %(after)s AND (c.id * 7919) %% 100 < %(chasing)s
"""

ADVICE_SQL = """
INSERT INTO cases_contact (channel, direction, purpose, at, summary, outcome,
    resolved_at_first_contact, is_failure_demand, case_id)
SELECT CASE WHEN r < 0.6 THEN 'phone' WHEN r < 0.75 THEN 'in_person' WHEN r < 0.9 THEN 'email'
            ELSE 'online' END,
    'in', 'advice',
    (d.day + time '08:30' + random() * interval '9 hours') AT TIME ZONE 'Europe/London',
    '', '', random() < 0.72, false, NULL
FROM gen_day d, generate_series(1, greatest(round(d.n * %(ratio)s)::int, 0)) AS k,
    LATERAL (SELECT random() + 0 * k AS r) rr
"""

# About one resident in eight rates a resolved case, mostly satisfied.
RATINGS_SQL = """
INSERT INTO feedback_satisfactionrating (case_id, rating, comment, survey_channel, rated_at)
SELECT c.id,
    CASE WHEN r < 0.35 THEN 5 WHEN r < 0.72 THEN 4 WHEN r < 0.82 THEN 3 WHEN r < 0.93 THEN 2
         ELSE 1 END,
    '', 'online', least(c.resolved_at + r * interval '3 days', now())
FROM cases_case c, LATERAL (SELECT random() + 0 * c.id AS r) rr
WHERE c.id > %(after)s AND c.resolved_at IS NOT NULL AND (c.id * 104729) %% 100 < %(rating)s
"""
RATING_SHARE = 0.12

# Complaints: one or two themes each, the answer at stage 1 once resolved, and a learning
# action for two in five of those upheld or partly upheld (most done within a month).
THEMES_SQL = """
INSERT INTO cases_case_themes (case_id, complainttheme_id)
SELECT c.id, t.ids[1 + (c.id * 31 + k * 17) %% t.n]
FROM cases_case c,
    (SELECT array_agg(id ORDER BY id) AS ids, count(*)::int AS n
     FROM cases_complainttheme WHERE is_active) t,
    generate_series(0, (c.id %% 2)::int) k
WHERE c.id > %(after)s AND c.kind = 'complaint' AND t.n > 0
ON CONFLICT DO NOTHING
"""

ANSWERS_SQL = """
INSERT INTO cases_complaintanswer (case_id, stage, outcome, remedies, remedy_details,
    answered_by_id, answered_at)
SELECT c.id, 1, c.outcome,
    CASE WHEN c.outcome = 'not_upheld' THEN '[]'::jsonb ELSE '["apology"]'::jsonb END,
    '', %(officer)s, c.resolved_at
FROM cases_case c
WHERE c.id > %(after)s AND c.kind = 'complaint' AND c.resolved_at IS NOT NULL
"""

LEARNING_SQL = """
INSERT INTO cases_learningaction (case_id, action, owner_id, due_on, created_by_id, created_at,
    completed_at, completion_note)
SELECT c.id, 'Review what went wrong with the team and change the procedure.', %(officer)s,
    (c.resolved_at AT TIME ZONE 'Europe/London')::date + 30, %(officer)s, c.resolved_at,
    CASE WHEN c.id %% 10 <> 0 AND c.resolved_at + interval '25 days' < now()
         THEN c.resolved_at + interval '25 days' END,
    ''
FROM cases_case c
WHERE c.id > %(after)s AND c.kind = 'complaint' AND c.resolved_at IS NOT NULL
    AND c.outcome IN ('upheld', 'partly_upheld') AND c.id %% 5 < 2
"""


def generate(size: Size, *, report: Callable[[str], None] = lambda line: None) -> None:
    """Add `size.cases` cases and about `size.contacts` contacts, month by month."""
    if connection.vendor != "postgresql":
        raise RuntimeError("Generating activity at scale needs PostgreSQL.")
    days = daily_counts(size)
    wards = _count("SELECT count(*) FROM catalogue_ward")
    officer = _complaints_officer()
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET jit = off")  # compiling these one-off statements costs seconds
        cursor.execute("CREATE SEQUENCE IF NOT EXISTS gen_reference")
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS gen_service (service_id bigint, team_id bigint, "
            "partner_id bigint, standard_id bigint, kind text, auto_ack boolean, ack_days int, "
            "resolve_days int, lo float, hi float)"
        )
        cursor.execute("TRUNCATE gen_service")
        cursor.executemany(
            "INSERT INTO gen_service VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", _services()
        )
        cursor.execute("CREATE TEMP TABLE IF NOT EXISTS gen_day (day date, n int, t float)")
    months = sorted({day.replace(day=1) for day, _, _ in days})
    contacts_per_case = size.contacts / max(size.cases, 1)
    for month in months:
        in_month = [row for row in days if row[0].replace(day=1) == month]
        cases = sum(n for _, n, _ in in_month)
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE gen_day")
            cursor.executemany("INSERT INTO gen_day VALUES (%s, %s, %s)", in_month)
            after = _count("SELECT coalesce(max(id), 0) FROM cases_case")
            cursor.execute(CASES_SQL.replace("{channel}", _channel_case("d0.t")), {"wards": wards})
            for sql in (DEADLINES_SQL, EVENTS_SQL, FIRST_CONTACTS_SQL):
                cursor.execute(sql, {"after": after})
            cursor.execute(RATINGS_SQL, {"after": after, "rating": RATING_SHARE * 100})
            for sql in (THEMES_SQL, ANSWERS_SQL, LEARNING_SQL):
                cursor.execute(sql, {"after": after, "officer": officer})
            cursor.execute(
                CHASERS_SQL,
                {"after": after, "every": CHASE_EVERY_DAYS, "chasing": CHASING_SHARE * 100},
            )
            chasers = cursor.rowcount
            # Fill up to the contacts asked for with enquiries that need no case.
            advice = max(round(cases * contacts_per_case) - cases - chasers, 0)
            cursor.execute(ADVICE_SQL, {"ratio": advice / max(cases, 1)})
        report(f"{month:%Y-%m}: {cases:,} cases, {chasers:,} chasers and updates")


def _complaints_officer() -> int:
    """Who answers generated complaints and owns their learning actions: a staff user."""
    staff = get_user_model().objects.filter(is_active=True, is_staff=True)
    chosen = staff.filter(username="complaints.officer").first() or staff.order_by("pk").first()
    if chosen is None:
        raise RuntimeError("Generating activity needs a staff user (load the demo council).")
    return int(chosen.pk)


def _count(sql: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return int(cursor.fetchone()[0])


LOADED_TABLES = ("cases_case", "cases_deadline", "cases_contact", "cases_timelineevent")


def drop_indexes() -> list[str]:
    """Drop the secondary indexes of the tables loaded (rebuilt once at the end is faster)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
            [list(LOADED_TABLES)],
        )
        found = cursor.fetchall()
        for name, _ in found:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
    return [definition for _, definition in found]


def create_indexes(definitions: list[str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '256MB'")
        for definition in definitions:
            cursor.execute(definition)
        for table in LOADED_TABLES:
            cursor.execute(f"ANALYZE {table}")
