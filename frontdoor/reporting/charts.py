"""Charts of the dashboard tables, drawn on the server as SVG (pygal).

A chart is an enhancement of its table, which stays beside it: the SVG
carries a title and a description (named by `aria-labelledby`), draws no
script, and its one style element takes the page's CSP nonce. The same SVG
goes into the board report's HTML and PDF.
"""

import re
from dataclasses import dataclass
from typing import Any

import pygal
from django.utils.html import escape
from pygal.style import Style

from .tables import Table

# GOV.UK colours: blue, green, purple, orange, for one to four series.
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#0b0c0c",
    foreground_strong="#0b0c0c",
    foreground_subtle="#505a5f",
    opacity="1",
    opacity_hover="1",
    colors=("#1d70b8", "#00703c", "#4c2c92", "#f47738"),
    font_family="Arial, sans-serif",
    title_font_size=18,
    label_font_size=14,
    major_label_font_size=14,
    legend_font_size=14,
    value_font_size=14,
)


@dataclass(frozen=True)
class Spec:
    kind: str  # "line", "bar" (columns) or "hbar" (bars across, for long labels)
    series: tuple[str, ...]
    unit: str = ""


# Which columns each table draws; a table not listed here has no chart.
SPECS: dict[str, Spec] = {
    "channel-shift": Spec("line", ("contacts_online_share", "cases_online_share"), "%"),
    "service-standards": Spec("hbar", ("acknowledged_on_time", "responded_on_time"), "%"),
    "service-standards-by-team": Spec("hbar", ("acknowledged_on_time", "responded_on_time"), "%"),
    "time-to-resolve": Spec("hbar", ("average_working_days", "p90_working_days")),
    "failure-demand": Spec(
        "hbar", ("chasers_per_100_cases", "repeat_contacts_per_100_cases", "reopened_per_100_cases")
    ),
    "first-contact-resolution": Spec("line", ("rate",), "%"),
    "complaints": Spec("bar", ("received",)),
    "complaint-themes": Spec("hbar", ("complaints", "upheld")),
    "learning-actions": Spec("bar", ("open", "overdue")),
    "satisfaction": Spec("hbar", ("satisfied_share",), "%"),
    "satisfaction-by-team": Spec("hbar", ("satisfied_share",), "%"),
    "satisfaction-by-channel": Spec("hbar", ("satisfied_share",), "%"),
    "satisfaction-by-month": Spec("line", ("satisfied_share",), "%"),
    "breaches-open-now": Spec("hbar", ("open_cases", "breached")),
    "ageing": Spec("bar", ("cases",)),
    "waiting-on-partners": Spec("hbar", ("cases", "awaiting_partner")),
    "open-cases-by-status": Spec("hbar", ("cases",)),
}
_KINDS: dict[str, Any] = {"line": pygal.Line, "bar": pygal.Bar, "hbar": pygal.HorizontalBar}
_ALL = "All"


def chart(table: Table, *, nonce: str = "") -> str | None:
    """The table's chart as an SVG element, or None when it has no chart or no rows."""
    spec = SPECS.get(table.name)
    rows = [row for row in table.rows if _label(table, row) != _ALL]
    if spec is None or not rows:
        return None
    labels = [_label(table, row) for row in rows]
    kind = _KINDS[spec.kind]
    drawing = kind(
        style=STYLE,
        js=[],
        disable_xml_declaration=True,
        explicit_size=False,
        width=800,
        height=max(300, 40 * len(rows) + 160) if spec.kind == "hbar" else 400,
        title=table.title,
        legend_at_bottom=True,
        show_legend=len(spec.series) > 1,
        x_label_rotation=0 if spec.kind != "bar" or len(rows) < 6 else 30,
        truncate_label=-1,
        truncate_legend=-1,
        print_values=False,
        range=(0, 100) if spec.unit == "%" else None,
        include_x_axis=True,
        value_formatter=lambda value: f"{value:g}{spec.unit}",
    )
    drawing.x_labels = labels
    for name in spec.series:
        drawing.add(table.column(name).title, [_number(row.get(name)) for row in rows])
    svg = drawing.render(is_unicode=True)
    return _accessible(svg, table, nonce)


def _label(table: Table, row: dict[str, Any]) -> str:
    """The row's name: its first column, with a second label column when it has one."""
    labels = [str(row.get(c.name, "")) for c in table.columns if c.type == "string"][:2]
    if table.name == "open-cases-by-status":
        return ": ".join(labels)
    return labels[0] if labels else ""


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


_SVG_OPEN = re.compile(r"<svg\b([^>]*)>")
_TITLE = re.compile(r"<title>.*?</title>", re.DOTALL)
# pygal writes its configuration in a script even without its JavaScript; nothing runs it.
_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)


def _accessible(svg: str, table: Table, nonce: str) -> str:
    """Name the drawing for assistive technology, and let its style run under the CSP."""
    ident = f"{table.name}-chart"
    svg = _TITLE.sub("", svg, count=1)  # the chart's title, named again below with an id
    svg = _SCRIPT.sub("", svg)
    # A style attribute would need 'unsafe-inline'; the presentation attribute does the same.
    svg = svg.replace('style="opacity: 0"', 'opacity="0"')
    named = (
        f'<title id="{ident}-title">{escape(table.title)}</title>'
        f'<desc id="{ident}-desc">{escape(description(table))}</desc>'
    )
    svg = _SVG_OPEN.sub(
        lambda found: (
            f'<svg{found.group(1)} role="img" aria-labelledby="{ident}-title {ident}-desc" '
            f'focusable="false">{named}'
        ),
        svg,
        count=1,
    )
    if nonce:
        svg = svg.replace("<style", f'<style nonce="{escape(nonce)}"')
    return svg


def description(table: Table) -> str:
    spec = SPECS[table.name]
    drawn = " and ".join(table.column(name).title for name in spec.series)
    return f"A chart of {drawn.lower()}. The table below it gives every figure."
