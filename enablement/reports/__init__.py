"""Marketing reports over the usage log, ratings, requests and the catalogue.

Each report is a few SQL aggregations (SQLAlchemy Core, portable between
SQLite and PostgreSQL) returning a plain `Report`; `run_report` checks that
the actor may view reports. Exports to CSV/XLSX/JSON live in `export`.
"""

from __future__ import annotations

from .model import Cell, Chart, Column, Report, ReportFilters, ReportSpec
from .registry import REPORTS, get_spec, run_report

__all__ = [
    "REPORTS",
    "Cell",
    "Chart",
    "Column",
    "Report",
    "ReportFilters",
    "ReportSpec",
    "get_spec",
    "run_report",
]
