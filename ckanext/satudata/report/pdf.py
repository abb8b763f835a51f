"""The report as a PDF (reportlab, pure Python, with its C accelerator when
installed), a document to sign and send to leadership: a cover (regency,
year, period, date made), the tables, two charts drawn by reportlab.graphics
(established rows against published datasets per OPD, the datasets over the
workflow states), "Halaman n dari m" on every page and a signature block.

Table cells are plain strings wrapped at spaces here, not ``Paragraph``
flowables: a regency's report has thousands of cells, and reportlab lays
out a Paragraph many times slower. Column widths come from the longest word
of each column, so a word never has to be broken.
"""
from __future__ import annotations

import datetime
import functools
import io
import math
from typing import Any
from xml.sax.saxutils import escape

import ckan.plugins.toolkit as tk
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from . import formatting
from . import tables as report_tables

__all__ = ["pdf_bytes"]

_BLUE = colors.HexColor("#1f5fa6")
_GREEN = colors.HexColor("#2e8540")
_PAGE = landscape(A4)
_MARGIN = 1.5 * cm
_WIDTH = _PAGE[0] - 2 * _MARGIN
_FONT, _BOLD, _SIZE = "Helvetica", "Helvetica-Bold", 7.5
_PAD = 6  # left + right cell padding, points
# A long table is handed to reportlab in slices: splitting one table of
# thousands of rows across pages costs time quadratic in its length.
_SLICE = 25
# OPDs per chart; a chart is a drawing and does not split across pages.
_CHART_OPDS = 18


class _NumberedCanvas(Canvas):
    """Writes "Halaman n dari m" once the number of pages is known."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont(_FONT, 8)
            self.setFillColor(colors.grey)
            self.drawRightString(
                _PAGE[0] - _MARGIN, _MARGIN / 2,
                tk._("Halaman {page} dari {pages}").format(page=number, pages=total),
            )
            super().showPage()
        super().save()


@functools.lru_cache(maxsize=65536)
def _width(text: str, font: str = _FONT) -> float:
    # OPD names, dates and states repeat thousands of times in a report.
    return float(stringWidth(text, font, _SIZE))


def _words_width(text: str, font: str) -> float:
    """Width of the longest word: a column narrower than it breaks words."""
    return max((_width(w, font) for w in text.split()), default=0)


def _wrap(text: str, width: float, font: str = _FONT) -> str:
    """``text`` broken into lines at spaces only, for a plain-string cell."""
    if "\n" not in text and _width(text, font) <= width:
        return text
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if line and _width(candidate, font) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return "\n".join(lines)


def _widths(table: report_tables.Table, cells: list[list[str]]) -> list[float]:
    """Numbers, dates and headings keep their words whole; the text columns
    share what is left in proportion to their longest text."""
    n = len(table.columns)
    need = [_words_width(h, _BOLD) + _PAD for h in table.headings]
    text_columns = [i for i, (_h, kind) in enumerate(table.columns) if kind == "text"]
    for i in range(n):
        if i in text_columns:
            continue
        widest = max((_width(row[i]) for row in cells), default=0)
        need[i] = max(need[i], widest + _PAD)
    if not text_columns:
        return [w * _WIDTH / sum(need) for w in need]
    fixed = sum(w for i, w in enumerate(need) if i not in text_columns)
    spare = max(_WIDTH - fixed, 0)
    longest = {
        i: max([_width(row[i]) for row in cells]
               + [_width(table.headings[i], _BOLD)])
        for i in text_columns
    }
    total = sum(longest.values()) or 1
    widths = list(need)
    for i in text_columns:
        words = max([need[i]] + [_words_width(row[i], _FONT) + _PAD for row in cells])
        widths[i] = max(min(spare * longest[i] / total, longest[i] + _PAD), words)
    # What the columns that fit leave goes to those that wrap; a table
    # whose texts all fit is narrower than the page.
    left = _WIDTH - sum(widths)
    grow = [i for i in text_columns if widths[i] < longest[i] + _PAD]
    for i in grow:
        widths[i] += left / len(grow) if left > 0 else 0
    return widths


def _tables(table: report_tables.Table) -> list[Table]:
    cells = [
        [report_tables.cell_text(table, row, i) for i in range(len(table.columns))]
        for row in table.rows
    ]
    widths = _widths(table, cells)
    head = [_wrap(h, w - _PAD, _BOLD)
            for h, w in zip(table.headings, widths, strict=True)]
    text_columns = {i for i, (_h, kind) in enumerate(table.columns) if kind == "text"}
    body = [
        [_wrap(c, widths[i] - _PAD) if i in text_columns else c
         for i, c in enumerate(row)]
        for row in cells
    ] or [[tk._("Tidak ada.")] + [""] * (len(table.columns) - 1)]
    style = TableStyle([
        ("FONT", (0, 0), (-1, -1), _FONT, _SIZE, _SIZE * 1.2),
        ("FONT", (0, 0), (-1, 0), _BOLD, _SIZE, _SIZE * 1.2),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef6")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), _PAD / 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), _PAD / 2),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ] + [
        ("ALIGN", (i, 1), (i, -1), "RIGHT")
        for i, (_h, kind) in enumerate(table.columns)
        if kind in ("int", "share", "mixed")
    ])
    result = []
    for start in range(0, len(body), _SLICE):
        part = Table([head] + body[start:start + _SLICE], colWidths=widths,
                     repeatRows=1, hAlign="LEFT")
        part.setStyle(style)
        result.append(part)
    return result


def _step(largest: float) -> int:
    """A whole-number axis step giving at most about six ticks."""
    if largest <= 5:
        return 1
    raw = largest / 5
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return int(factor * power)
    return int(10 * power)


def _value_axis(chart: HorizontalBarChart, largest: float) -> None:
    step = _step(largest)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueStep = step
    chart.valueAxis.valueMax = max(step, step * math.ceil(largest / step))
    chart.valueAxis.labelTextFormat = lambda v: formatting.number(v, digits=0)
    chart.valueAxis.labels.fontSize = 7


def _per_opd_charts(report: dict[str, Any]) -> list[Any]:
    lines = report["per_opd"]
    largest = max([max(line["ditetapkan"], line["terbit"]) for line in lines] or [0])
    label_width = 7 * cm
    heading = tk._("Baris ditetapkan dan dataset terbit per OPD")
    drawings: list[Any] = []
    size = math.ceil(len(lines) / max(math.ceil(len(lines) / _CHART_OPDS), 1)) or 1
    chunks = [lines[i:i + size] for i in range(0, len(lines), size)] or [[]]
    for index, chunk in enumerate(chunks):
        per_opd = 0.85 * cm
        plot = max(per_opd * len(chunk), 1.5 * cm)
        height = plot + 2.2 * cm
        drawing = Drawing(_WIDTH, height)
        title = heading if len(chunks) == 1 else tk._(
            "{heading} ({part} dari {parts})"
        ).format(heading=heading, part=index + 1, parts=len(chunks))
        drawing.add(String(0, height - 12, title, fontName=_BOLD, fontSize=10))
        chart = HorizontalBarChart()
        chart.x, chart.y = label_width + 0.3 * cm, 0.9 * cm
        chart.width, chart.height = _WIDTH - label_width - 4.5 * cm, plot
        # Top to bottom in the order of the tables.
        ordered = list(reversed(chunk))
        # The first series is drawn lowest in each group: established on top.
        chart.data = [
            [line["terbit"] for line in ordered] or [0],
            [line["ditetapkan"] for line in ordered] or [0],
        ]
        chart.categoryAxis.categoryNames = [
            _wrap(line["organisasi"]["title"], label_width - 0.4 * cm)
            for line in ordered
        ] or ["-"]
        chart.categoryAxis.labels.fontName = _FONT
        chart.categoryAxis.labels.fontSize = 7
        chart.categoryAxis.labels.leading = 8
        chart.categoryAxis.labels.boxAnchor = "e"
        chart.categoryAxis.labels.textAnchor = "end"
        _value_axis(chart, largest)
        chart.bars[0].fillColor = _GREEN
        chart.bars[1].fillColor = _BLUE
        _label_bars(chart, 6)
        drawing.add(chart)
        legend = Legend()
        legend.x, legend.y = _WIDTH - 3.8 * cm, height - 1.2 * cm
        legend.fontSize = 8
        legend.colorNamePairs = [(_BLUE, tk._("Baris ditetapkan")),
                                 (_GREEN, tk._("Dataset terbit"))]
        drawing.add(legend)
        drawings.append(drawing)
    return drawings


def _label_bars(chart: HorizontalBarChart, font_size: int) -> None:
    """Each bar's count as a whole number at its end."""
    chart.barLabelFormat = lambda v: formatting.number(v, digits=0)
    chart.barLabels.fontSize = font_size
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2


def _status_chart(report: dict[str, Any]) -> Drawing:
    states = report["daftar_status"]
    counts = report["ringkasan"]["status"]
    height = max(3 * cm, 0.7 * cm * len(states) + 1.8 * cm)
    drawing = Drawing(_WIDTH, height)
    drawing.add(String(0, height - 12, tk._("Sebaran status dataset"),
                       fontName=_BOLD, fontSize=10))
    chart = HorizontalBarChart()
    chart.x, chart.y = 4.5 * cm, 0.9 * cm
    chart.width, chart.height = _WIDTH / 2, height - 2 * cm
    values = [counts.get(s["status"], 0) for s in reversed(states)]
    chart.data = [values or [0]]
    chart.categoryAxis.categoryNames = [s["label"] for s in reversed(states)] or ["-"]
    chart.categoryAxis.labels.fontSize = 8
    _value_axis(chart, max(values or [0]))
    chart.bars[0].fillColor = _BLUE
    _label_bars(chart, 7)
    drawing.add(chart)
    return drawing


def _signature(styles: Any, made: datetime.date) -> KeepTogether:
    config = tk.config
    name = config.get("ckanext.satudata.report.signer_name") or ""
    nip = config.get("ckanext.satudata.report.signer_nip") or ""
    position = config.get("ckanext.satudata.report.signer_position") or ""
    place = config.get("ckanext.satudata.report.signer_place") or ""
    right = ParagraphStyle("sign", parent=styles["Normal"], leftIndent=_WIDTH * 0.6)
    blank = "." * 45
    dated = formatting.date(made)
    parts = [
        Paragraph(escape(f"{place}, {dated}" if place else dated), right),
        Paragraph(escape(position or blank), right),
        Spacer(1, 2.2 * cm),
        Paragraph(f"<b><u>{escape(name)}</u></b>" if name else blank, right),
        Paragraph(escape(tk._("NIP. {nip}").format(nip=nip or blank)), right),
    ]
    return KeepTogether([Spacer(1, 1 * cm), *parts])


def _cover(report: dict[str, Any], styles: Any, made: datetime.date) -> list[Any]:
    centre = ParagraphStyle("cover", parent=styles["Title"], fontSize=22, leading=28)
    sub = ParagraphStyle("coversub", parent=styles["Title"], fontSize=14, leading=20,
                         fontName=_FONT)
    region = tk.config.get("ckanext.satudata.nama_wilayah") or ""
    return [
        Spacer(1, 4 * cm),
        Paragraph(escape(tk._("Laporan Penyelenggaraan Satu Data")), centre),
        Paragraph(escape(region), centre),
        Paragraph(escape(tk._("Tahun {tahun}").format(tahun=report["tahun"])), centre),
        Spacer(1, 1.2 * cm),
        Paragraph(escape(report_tables.period(report)), sub),
        Paragraph(escape(tk._("Alur kerja: {title}").format(
            title=report["judul_alur_kerja"])), sub),
        Spacer(1, 1.2 * cm),
        Paragraph(escape(tk._("Dibuat pada {date}").format(
            date=formatting.date(made))), sub),
        PageBreak(),
    ]


def pdf_bytes(report: dict[str, Any], made: datetime.date | None = None) -> bytes:
    made = made or datetime.date.today()
    out = io.BytesIO()
    title = report_tables.title(report)
    doc = SimpleDocTemplate(
        out, pagesize=_PAGE, title=title,
        author=tk.config.get("ckanext.satudata.nama_wilayah") or "",
        leftMargin=_MARGIN, rightMargin=_MARGIN,
        topMargin=_MARGIN, bottomMargin=_MARGIN,
    )
    styles = getSampleStyleSheet()
    heading = ParagraphStyle("section", parent=styles["Heading2"], keepWithNext=1)
    story: list[Any] = _cover(report, styles, made)
    sections = report_tables.tables(report)
    story += [Paragraph(escape(sections[0].title), heading), *_tables(sections[0])]
    charts = _per_opd_charts(report) + [_status_chart(report)]
    for chart in charts:
        story += [Spacer(1, 0.4 * cm), chart]
    for table in sections[1:]:
        parts = _tables(table)
        # The heading travels with the table's first slice.
        story += [Spacer(1, 0.4 * cm),
                  KeepTogether([Paragraph(escape(table.title), heading), parts[0]]),
                  *parts[1:]]
    story.append(_signature(styles, made))
    doc.build(story, canvasmaker=_NumberedCanvas)
    return out.getvalue()
