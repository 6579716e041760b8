"""Opportunities as a backlog file: CSV (UTF-8 with BOM, for Excel) or an Excel workbook
with an ``About`` sheet defining the numbers, ready to import into Jira, Azure DevOps, Trello
or a spreadsheet. The rows are :func:`journeymap.analytics.opportunities.opportunity_table`."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from journeymap.model.fileformat import write_atomic

from .common import InteropError

BACKLOG_SUFFIXES = (".csv", ".xlsx")
ABOUT = (
    ("priority", "(customer value + business value) × confidence ÷ effort, 0–10"),
    ("customer_value, business_value", "1 very low .. 5 very high"),
    ("effort", "1 very low .. 5 very high"),
    ("confidence", "0 .. 1: how sure the team is of the values"),
    ("n, friction", "responses at the linked touchpoints together; their share of negative "
                    "answers with its 95% interval"),
    ("driver_weight", "the linked touchpoints' key-driver weights added up (their share of "
                      "the outcome's variance)"))


def backlog_bytes(table: Any, title: str, suffix: str) -> bytes:
    """``table`` as a ``.csv`` or ``.xlsx`` file's bytes."""
    if suffix == ".csv":
        return table.to_csv(index=False, lineterminator="\n").encode("utf-8-sig")
    if suffix != ".xlsx":
        raise InteropError(f"a backlog is written as {' or '.join(BACKLOG_SUFFIXES)}, not "
                           f"{suffix or 'a file without extension'}")
    import pandas as pd
    from openpyxl.utils import get_column_letter

    about = pd.DataFrame([("Journey", title), *ABOUT], columns=["", "value"])
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        table.to_excel(writer, sheet_name="Opportunities", index=False)
        about.to_excel(writer, sheet_name="About", index=False, header=False)
        sheet = writer.sheets["Opportunities"]
        sheet.freeze_panes = "C2"
        sheet.auto_filter.ref = sheet.dimensions
        for i, column in enumerate(table.columns, start=1):
            wide = column in ("title", "description", "touchpoints", "pain_points", "evidence")
            sheet.column_dimensions[get_column_letter(i)].width = 40 if wide else max(
                9, len(column) + 2)
        writer.sheets["About"].column_dimensions["A"].width = 30
        writer.sheets["About"].column_dimensions["B"].width = 90
    return buffer.getvalue()


def write_backlog(table: Any, title: str, path: str | os.PathLike[str]) -> None:
    """Write the backlog to ``path`` atomically, as CSV or Excel from its extension."""
    try:
        data = backlog_bytes(table, title, Path(path).suffix.lower())
    except InteropError as exc:
        raise InteropError(str(exc), file=str(path)) from None
    write_atomic(path, data)
