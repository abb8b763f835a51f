"""The report as a PDF (reportlab, pure Python), with its two charts drawn
by reportlab.graphics: established rows against published datasets per OPD,
and the distribution of the datasets over the workflow states."""
from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

import ckan.plugins.toolkit as tk
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import (
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
_WIDTH = landscape(A4)[0] - 3 * cm


def _per_opd_chart(report: dict[str, Any]) -> Drawing:
    lines = report["per_opd"]
    drawing = Drawing(_WIDTH, 7 * cm)
    heading = tk._("Baris ditetapkan dan dataset terbit per OPD")
    drawing.add(String(0, 7 * cm - 12, heading,
                       fontName="Helvetica-Bold", fontSize=10))
    chart = VerticalBarChart()
    chart.x, chart.y = 30, 40
    chart.width, chart.height = _WIDTH - 160, 7 * cm - 70
    chart.data = [
        [line["ditetapkan"] for line in lines] or [0],
        [line["terbit"] for line in lines] or [0],
    ]
    chart.categoryAxis.categoryNames = [
        line["organization"]["name"][:14] for line in lines
    ] or ["-"]
    chart.categoryAxis.labels.angle = 30 if len(lines) > 8 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(lines) > 8 else "n"
    chart.categoryAxis.labels.fontSize = 6 if len(lines) > 20 else 8
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = lambda v: formatting.number(v, digits=0)
    chart.bars[0].fillColor = _BLUE
    chart.bars[1].fillColor = _GREEN
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = _WIDTH - 120, 7 * cm - 40
    legend.fontSize = 8
    legend.colorNamePairs = [(_BLUE, tk._("Baris ditetapkan")),
                             (_GREEN, tk._("Dataset terbit"))]
    drawing.add(legend)
    return drawing


def _status_chart(report: dict[str, Any]) -> Drawing:
    states = report["states"]
    counts = report["summary"]["status"]
    height = max(3 * cm, 0.7 * cm * len(states) + 1.5 * cm)
    drawing = Drawing(_WIDTH, height)
    drawing.add(String(0, height - 12, tk._("Sebaran status dataset"),
                       fontName="Helvetica-Bold", fontSize=10))
    chart = HorizontalBarChart()
    chart.x, chart.y = 130, 10
    chart.width, chart.height = _WIDTH / 2, height - 30
    chart.data = [[counts.get(s["state"], 0) for s in reversed(states)]]
    chart.categoryAxis.categoryNames = [s["label"] for s in reversed(states)]
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = lambda v: formatting.number(v, digits=0)
    chart.bars[0].fillColor = _BLUE
    chart.barLabelFormat = lambda v: formatting.number(v, digits=0)
    chart.barLabels.nudge = 10
    drawing.add(chart)
    return drawing


def _table(table: report_tables.Table, styles: Any) -> Table:
    small = styles["BodyText"].clone("cell", fontSize=7.5, leading=9)
    head = small.clone("head", fontName="Helvetica-Bold")
    data = [[Paragraph(escape(h), head) for h in table.headings]]
    for row in table.rows:
        data.append([
            Paragraph(escape(report_tables.cell_text(table, row, i)), small)
            for i in range(len(table.columns))
        ])
    if len(data) == 1:
        data.append([Paragraph(escape(tk._("Tidak ada.")), small)]
                    + [""] * (len(table.columns) - 1))
    result = Table(data, repeatRows=1, hAlign="LEFT",
                   colWidths=[_WIDTH / len(table.columns)] * len(table.columns))
    result.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef6")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return result


def pdf_bytes(report: dict[str, Any]) -> bytes:
    out = io.BytesIO()
    title = report_tables.title(report)
    doc = SimpleDocTemplate(
        out, pagesize=landscape(A4), title=title,
        leftMargin=1.5 * cm, rightMargin=1.5 * cm,
        topMargin=1.5 * cm, bottomMargin=1.5 * cm,
    )
    styles = getSampleStyleSheet()
    story: list[Any] = [
        Paragraph(escape(title), styles["Title"]),
        Paragraph(escape(report_tables.period(report)), styles["Normal"]),
        Paragraph(escape(tk._("Alur kerja: {title}").format(
            title=report["workflow_title"])), styles["Normal"]),
        Spacer(1, 0.4 * cm),
    ]
    sections = report_tables.tables(report)
    story += [Paragraph(escape(sections[0].title), styles["Heading2"]),
              _table(sections[0], styles), Spacer(1, 0.4 * cm),
              _per_opd_chart(report), Spacer(1, 0.3 * cm),
              _status_chart(report)]
    for table in sections[1:]:
        story += [Spacer(1, 0.4 * cm),
                  Paragraph(escape(table.title), styles["Heading2"]),
                  _table(table, styles)]
    doc.build(story)
    return out.getvalue()
