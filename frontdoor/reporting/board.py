"""The monthly report for members: headline figures against last month and last year.

Members' papers are public, so the report reads the figures as open data does
(`publish.figures`: counts from 1 to 4, any count that would give one back,
and rates resting on them, hidden). It
is one HTML page, and the same page printed to PDF by WeasyPrint.
"""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone
from markupsafe import Markup

from frontdoor.core.council import current_council

from . import charts, publish
from .scope import LONDON, Period, add_months
from .tables import Table

COMMENTARY = (
    "Commentary to come: the head of customer services adds what lies behind these "
    "figures, and what is being done about them, before the papers go to members."
)


@dataclass(frozen=True)
class Headline:
    """One figure for the month, the month before and the same month a year before."""

    name: str
    figures: tuple[str, str, str]
    unit: str = ""


@dataclass(frozen=True)
class Section:
    table: Table
    chart: Markup | None


@dataclass(frozen=True)
class BoardReport:
    month: dt.date
    compared_with: tuple[dt.date, dt.date]
    headlines: list[Headline]
    sections: list[Section]
    commentary: str
    produced_at: str

    @property
    def title(self) -> str:
        return f"Customer service performance: {self.month:%B %Y}"

    @property
    def filename(self) -> str:
        return f"board-report-{self.month:%Y-%m}"


# name, published figure, column, unit: each read from the figure's "All" (or only) row.
HEADLINES: list[tuple[str, str, str, str]] = [
    ("Contacts received", "channel-shift", "contacts", ""),
    ("Cases received", "channel-shift", "cases", ""),
    ("Cases made online", "channel-shift", "cases_online_share", "%"),
    ("Acknowledged on time", "service-standards", "acknowledged_on_time", "%"),
    ("Responded to on time", "service-standards", "responded_on_time", "%"),
    ("Average time to resolve (working days)", "time-to-resolve", "average_working_days", ""),
    ("Chasers per 100 cases", "failure-demand", "chasers_per_100_cases", ""),
    ("Resolved at first contact", "first-contact-resolution", "rate", "%"),
    ("Complaints received (stage 1)", "complaints", "received", ""),
    ("Stage 1 complaints answered on time", "complaints", "responded_on_time", "%"),
    ("Stage 1 complaints upheld or partly upheld", "complaints", "upheld_share", "%"),
    ("Learning actions open at the end of the month", "learning-actions", "open", ""),
    ("Learning actions overdue", "learning-actions", "overdue", ""),
    (
        "Residents satisfied with how their case was dealt with",
        "satisfaction",
        "satisfied_share",
        "%",
    ),
]
# The figures drawn and tabled for the month itself (channel shift over 13 months).
SECTIONS = (
    "service-standards",
    "time-to-resolve",
    "failure-demand",
    "complaints",
    "complaint-themes",
    "learning-actions",
)


def board_report(month: dt.date) -> BoardReport:
    month = month.replace(day=1)
    before, last_year = add_months(month, -1), add_months(month, -12)
    figures = {when: publish.figures(Period.month(when)) for when in (month, before, last_year)}
    headlines = [
        Headline(
            name,
            (
                _headline(figures[month][figure], column),
                _headline(figures[before][figure], column),
                _headline(figures[last_year][figure], column),
            ),
            unit,
        )
        for name, figure, column, unit in HEADLINES
    ]
    trend = publish.figure("channel-shift", Period.months_to(month, 13))
    sections = [
        Section(table, _chart(table))
        for table in [trend, *(figures[month][name] for name in SECTIONS)]
    ]
    return BoardReport(
        month=month,
        compared_with=(before, last_year),
        headlines=headlines,
        sections=sections,
        commentary=COMMENTARY,
        produced_at=f"{timezone.now().astimezone(LONDON):%-d %B %Y at %H:%M}",
    )


def _headline(table: Table, column: str) -> str:
    """The whole council's figure: the "All" row, or the first (a month, or stage 1)."""
    row = next((r for r in table.rows if r.get("group") == "All"), None)
    if row is None:
        row = table.rows[0] if table.rows else {}
    value = row.get(column)
    if value is None:
        return "–"
    if isinstance(value, int | float):
        return f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"
    return str(value)


def _chart(table: Table) -> Markup | None:
    svg = charts.chart(table)
    return Markup(svg) if svg else None  # noqa: S704 - drawn by us, labels escaped


def as_html(report: BoardReport, *, nonce: str = "") -> str:
    return render_to_string(
        "reporting/board_report.html",
        {
            "report": report,
            "council": current_council(),
            "nonce": nonce,
            "suppressed": publish.SUPPRESSED,
        },
        using="jinja2",
    )


def as_pdf(html: str) -> bytes:
    """The HTML page printed to PDF. WeasyPrint needs Pango (Debian: libpango-1.0-0)."""
    from weasyprint import HTML  # imported here: loading Pango is slow, and only the PDF needs it

    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def write(report: BoardReport, folder: Path) -> tuple[Path, Path]:
    """Write the report's HTML and PDF into a folder; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    html = as_html(report)
    html_path = folder / f"{report.filename}.html"
    pdf_path = folder / f"{report.filename}.pdf"
    html_path.write_text(html, encoding="utf-8")
    pdf_path.write_bytes(as_pdf(html))
    return html_path, pdf_path
