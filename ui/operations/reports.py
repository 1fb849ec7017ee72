"""Reports screen actions: run a report, list filter choices, export, gap → request.

All of them run on the library worker; the export writes a temporary file
next to the target and renames it into place, so a failed export never
leaves half a spreadsheet under the chosen name.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from . import LibraryOp, forward

if TYPE_CHECKING:
    from enablement.reports import Cell, Report, ReportFilters
    from enablement.services.requests import RequestInfo

    from ..context import AppContext
    from ..tasks import JobContext

ExportFormat = Literal["csv", "xlsx"]


@dataclass(frozen=True)
class FilterChoices:
    owners: tuple[tuple[str, str], ...]  # (user name, display text)
    types: tuple[str, ...]


def run_report(ctx: AppContext, name: str, filters: ReportFilters) -> LibraryOp[Report]:
    def work(job: JobContext) -> Report:
        job.check()
        return job.lib.reports.run(name, filters)

    return LibraryOp(ctx, work, label="Running report", action=False)


def filter_choices(ctx: AppContext) -> LibraryOp[FilterChoices]:
    def work(job: JobContext) -> FilterChoices:
        from enablement.extraction.result import KINDS

        people = job.lib.users.list()
        owners = tuple(
            (u.name, f"{u.display_name} ({u.name})" if u.display_name != u.name else u.name)
            for u in people
            if u.role != "seller"
        )
        return FilterChoices(owners, tuple(k for k in KINDS if k != "other"))

    return LibraryOp(ctx, work, action=False)


def export_report(
    ctx: AppContext, report: Report, path: Path, fmt: ExportFormat
) -> LibraryOp[Path]:
    def work(_job: JobContext) -> Path:
        from enablement.reports.export import write_csv, write_xlsx

        partial = path.with_name(f".{path.name}.part")
        try:
            if fmt == "xlsx":
                write_xlsx(report, partial)
            else:
                with partial.open("w", encoding="utf-8", newline="") as stream:
                    write_csv(report, stream)
            os.replace(partial, path)
        except OSError as exc:
            from enablement.errors import StorageProblem

            partial.unlink(missing_ok=True)
            raise StorageProblem(f"the report could not be written to {path}: {exc}") from exc
        return path

    return LibraryOp(ctx, work, label="Exporting report", action=False)


def request_from_gap(ctx: AppContext, row: dict[str, Cell]) -> LibraryOp[RequestInfo]:
    """File a material request for a search gap, pre-filled by `gap_request`."""

    def work(job: JobContext) -> RequestInfo:
        from enablement.reports.searches import gap_request

        draft = gap_request(row)
        return job.lib.requests.create(
            draft.title, details=draft.details, situation=draft.situation, segment=draft.segment
        )

    return LibraryOp(
        ctx,
        work,
        changes=forward,
        label="Filing request",
        action=False,
    )
