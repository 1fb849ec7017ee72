"""Exports neutralise formula-looking text in every text cell, CSV and XLSX alike."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from enablement.reports import Chart, Column, Report, ReportFilters
from enablement.reports.export import neutralise, to_json, write_csv, write_xlsx

HOSTILE = ["=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def _report() -> Report:
    columns = (
        Column("title", "=Title"),
        Column("n", "Count", "int"),
        Column("share", "Share", "percent"),
        Column("day", "Day", "date"),
    )
    rows = tuple((t, -i, i / 10, date(2024, 1, i + 1)) for i, t in enumerate([*HOSTILE, "ok"]))
    chart = Chart("bar", "title", ("n",), columns, rows)
    return Report("t", "Test", columns, rows, chart, (("=sum", "-1"),), ReportFilters())


@pytest.mark.parametrize("text", HOSTILE)
def test_neutralise(text: str) -> None:
    assert neutralise(text) == "'" + text


def test_plain_text_untouched() -> None:
    assert neutralise("Pricing – 2024") == "Pricing – 2024"
    assert neutralise("") == ""


def test_csv_neutralises_text_keeps_numbers() -> None:
    buffer = io.StringIO()
    write_csv(_report(), buffer)
    rows = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    assert rows[0] == ["'=Title", "Count", "Share", "Day"]
    assert [r[0] for r in rows[1:]] == ["'" + t for t in HOSTILE] + ["ok"]
    assert rows[2][1:] == ["-1", "0.1000", "2024-01-02"]  # numbers stay numbers


def test_xlsx_neutralises_every_text_cell(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    write_xlsx(_report(), path)
    book = load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for cell in row:
                if isinstance(cell, str):
                    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (
                        sheet.title,
                        cell,
                    )
    report = book["Report"]
    assert report["A2"].value == "'=cmd|' /C calc'!A0"
    assert report["A2"].data_type == "s"
    assert report["B3"].value == -1
    assert book["Summary"]["A2"].value == "'=sum"


def test_json_keeps_raw_values() -> None:
    data = json.loads(json.dumps(to_json(_report())))
    assert data["rows"][0]["title"] == HOSTILE[0]
    assert data["rows"][0]["day"] == "2024-01-01"
    assert data["chart"]["kind"] == "bar"
