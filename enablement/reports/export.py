"""Reports out of the library: CSV, XLSX and JSON, safe to open in a spreadsheet.

Report cells carry text other people typed (asset titles, search queries,
comments), and a spreadsheet treats text starting with = + - @ (or a tab or
carriage return, which some programs strip first) as a formula: a title like
`=cmd|' /C calc'!A0` would run on the marketer's machine. Every text cell is
therefore neutralised with a leading apostrophe, in CSV and XLSX alike.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from .model import Cell, Chart, Column, Report

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def plain(cell: Cell, kind: str = "text") -> str:
    """A cell as text, for CSV and the terminal."""
    if cell is None:
        return ""
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float):
        return f"{cell:g}" if kind != "percent" else f"{cell:.4f}"
    if isinstance(cell, int):
        return str(cell)
    return neutralise(cell)


def write_csv(report: Report, stream: TextIO) -> None:
    out = csv.writer(stream, lineterminator="\r\n")
    out.writerow([neutralise(c.label) for c in report.columns])
    for row in report.rows:
        out.writerow([plain(cell, c.kind) for cell, c in zip(row, report.columns, strict=True)])


def _json_cell(cell: Cell) -> Any:
    return cell.isoformat() if isinstance(cell, date) else cell


def _json_table(columns: tuple[Column, ...], rows: tuple[tuple[Cell, ...], ...]) -> list[Any]:
    keys = [c.key for c in columns]
    return [{k: _json_cell(v) for k, v in zip(keys, row, strict=True)} for row in rows]


def to_json(report: Report) -> dict[str, Any]:
    """JSON for scripts: raw values (JSON is not a spreadsheet, so no apostrophes)."""
    data: dict[str, Any] = {
        "report": report.name,
        "title": report.title,
        "filters": report.filters.describe() if report.filters else {},
        "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in report.columns],
        "rows": _json_table(report.columns, report.rows),
        "summary": {k: _json_cell(v) for k, v in report.summary},
    }
    if report.chart is not None:
        chart = report.chart
        data["chart"] = {
            "kind": chart.kind,
            "x": chart.x,
            "y": list(chart.y),
            "value": chart.value,
            "rows": _json_table(chart.columns, chart.rows),
        }
    return data


def write_xlsx(report: Report, path: Path) -> None:
    import xlsxwriter  # type: ignore[import-untyped]  # no stubs; only exports need it

    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    try:
        formats = {
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "percent": workbook.add_format({"num_format": "0.0%"}),
            "float": workbook.add_format({"num_format": "0.00"}),
            "header": workbook.add_format({"bold": True}),
        }
        sheet = workbook.add_worksheet("Report")
        _table(sheet, formats, report.columns, report.rows)
        if report.summary:
            summary = workbook.add_worksheet("Summary")
            columns = (Column("measure", "Measure"), Column("value", "Value"))
            _table(summary, formats, columns, report.summary)
        if report.chart is not None:
            _chart(workbook, formats, report.chart)
    finally:
        workbook.close()


def _table(sheet: Any, formats: dict[str, Any], columns: tuple[Column, ...], rows: Any) -> None:
    for x, column in enumerate(columns):
        sheet.write_string(0, x, neutralise(column.label), formats["header"])
        sheet.set_column(x, x, 12 if column.kind != "text" else 28)
    for y, row in enumerate(rows, start=1):
        for x, (cell, column) in enumerate(zip(row, columns, strict=True)):
            _cell(sheet, formats, y, x, cell, column.kind)


def _cell(sheet: Any, formats: dict[str, Any], y: int, x: int, cell: Cell, kind: str) -> None:
    if cell is None:
        sheet.write_blank(y, x, None)
    elif isinstance(cell, date):
        sheet.write_datetime(y, x, cell, formats["date"])
    elif isinstance(cell, int | float):
        sheet.write_number(y, x, cell, formats.get(kind))
    else:
        sheet.write_string(y, x, neutralise(cell))


def _chart(workbook: Any, formats: dict[str, Any], chart: Chart) -> None:
    sheet = workbook.add_worksheet("Chart data")
    _table(sheet, formats, chart.columns, chart.rows)
    if chart.kind == "heatmap" or not chart.rows:
        return  # the Report sheet holds the grid; spreadsheets have no native heatmap
    keys = [c.key for c in chart.columns]
    drawn = workbook.add_chart({"type": "column" if chart.kind == "bar" else "line"})
    last = len(chart.rows)
    x = keys.index(chart.x)
    for key in chart.y:
        col = keys.index(key)
        drawn.add_series(
            {
                "name": ["Chart data", 0, col],
                "categories": ["Chart data", 1, x, last, x],
                "values": ["Chart data", 1, col, last, col],
            }
        )
    sheet.insert_chart(1, len(keys) + 1, drawn)
