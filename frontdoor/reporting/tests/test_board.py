"""The monthly report for members, as HTML and PDF, from one command or one button."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from frontdoor.reporting import board
from frontdoor.staff.tests.helpers import signed_in

from .dataset import Month

pytestmark = pytest.mark.django_db


def test_headlines_compare_the_month_with_the_one_before_and_last_year(month: Month) -> None:
    report = board.board_report(month.a.received_at.date())
    figures = {headline.name: headline.figures for headline in report.headlines}
    assert report.title == "Customer service performance: May 2026"
    assert [f"{m:%Y-%m}" for m in report.compared_with] == ["2026-04", "2025-05"]
    # May: 8 cases, 5 online; nothing the month before or a year before.
    assert figures["Cases received"] == ("8", "0", "0")
    assert figures["Cases made online"] == ("62.5", "–", "–")
    assert figures["Contacts received"] == ("13", "0", "0")
    assert figures["Acknowledged on time"] == ("87.5", "–", "–")
    assert figures["Average time to resolve (working days)"] == ("6.7", "–", "–")
    # Members' papers are public: numbers under 5, and rates resting on them, are hidden.
    assert figures["Responded to on time"] == ("[c]", "–", "–")
    assert figures["Complaints received (stage 1)"] == ("[c]", "0", "0")
    assert figures["Learning actions open at the end of the month"] == ("[c]", "0", "0")
    assert report.commentary.startswith("Commentary to come")


def test_june_is_compared_with_may(month: Month) -> None:
    report = board.board_report(month.a.received_at.date().replace(month=6))
    figures = {headline.name: headline.figures for headline in report.headlines}
    assert figures["Cases received"] == ("0", "8", "0")


def test_the_command_writes_html_and_a_pdf_that_renders(month: Month, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("board_report", "--month", "2026-05", "--out", str(tmp_path), stdout=out)
    html = (tmp_path / "board-report-2026-05.html").read_text()
    assert "<h1>Customer service performance: May 2026</h1>" in html
    # Channel shift, standards, time to resolve, failure demand, complaints, themes, learning.
    assert html.count('role="img"') == 7
    pdf = (tmp_path / "board-report-2026-05.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")

    from weasyprint import HTML

    document = HTML(string=html).render()
    assert document.metadata.title.startswith("Customer service performance: May 2026")
    assert len(document.pages) >= 3


def test_the_button_downloads_the_pdf_and_staff_only(month: Month) -> None:
    client = Client()
    assert client.get("/performance/staff/board-report/?month=2026-05").status_code == 302
    client = signed_in("admin")
    dashboard = client.get("/performance/staff/").content.decode()
    assert 'action="/performance/staff/board-report/"' in dashboard
    assert "Download the board report (PDF)" in dashboard
    pdf = client.get("/performance/staff/board-report/?month=2026-05&format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="board-report-2026-05.pdf"'
    assert pdf.content.startswith(b"%PDF-")
    page = client.get("/performance/staff/board-report/?month=2026-05")
    assert "<h1>Customer service performance: May 2026</h1>" in page.content.decode()
    bad = client.get("/performance/staff/board-report/?month=May")
    assert bad.status_code == 400
    assert bad.json()["error"]["field"] == "month"
