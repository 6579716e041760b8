"""Touchpoints and their metrics as a table, for spreadsheets and decks: CSV and Excel.

One row per touchpoint in journey order (with an analysis made ``by`` a segment or period, one
row per touchpoint and group, in a ``segment`` column). The columns say where the touchpoint
sits (``touchpoint`` id, ``label``, ``stage`` id, ``stage_name``, ``lane``, ``lane_name``,
``channel``, ``kind``, ``owner``), the designer's ``emotion``, and what the feedback measured:
``n``, ``friction`` with its interval, NPS, CSAT, CES and rating with theirs, ``sentiment``,
``complaints``, ``volume``, ``reached``, ``drop_off`` and the ``small_sample`` flag, named as in
:class:`journeymap.analytics.Analysis`. Without an analysis the metric columns are present and
empty: nothing is invented.

CSV is UTF-8 with a byte-order mark (so Excel shows accents right), comma-separated, empty
cells for missing values. The Excel workbook has a ``Touchpoints`` sheet (frozen header,
filters, number formats) and an ``About`` sheet with the journey's title and the definition of
every measure, from :mod:`journeymap.measures`. pandas is imported only when a table is made.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journeymap.measures import MEASURES
from journeymap.model import Journey
from journeymap.model.fileformat import write_atomic

from .common import InteropError

if TYPE_CHECKING:
    import pandas as pd

PLACE_COLUMNS = ("touchpoint", "label", "stage", "stage_name", "lane", "lane_name", "channel",
                 "kind", "owner", "emotion")
METRIC_COLUMNS = ("n", "friction", "friction_low", "friction_high", "nps", "nps_low",
                  "nps_high", "csat", "csat_low", "csat_high", "ces", "ces_low", "ces_high",
                  "rating", "rating_low", "rating_high", "sentiment", "complaints", "volume",
                  "reached", "drop_off", "small_sample")
TABLE_SUFFIXES = (".csv", ".xlsx")
#: Excel number formats per column family (the data keep full precision).
_FORMATS = {"friction": "0.00", "nps": "0", "csat": "0", "ces": "0.0", "rating": "0.00",
            "sentiment": "0.00", "drop_off": "0.00"}


def touchpoint_table(journey: Journey, analysis: Any = None) -> pd.DataFrame:
    """The table: one row per touchpoint (and group), the columns above."""
    import pandas as pd

    stages = {s.id: s.name for s in journey.stages}
    lanes = {lane.id: lane.name for lane in journey.lanes}
    places = pd.DataFrame(
        [(tp.id, tp.label, tp.stage, stages[tp.stage], tp.lane, lanes[tp.lane], tp.channel,
          tp.kind, tp.owner, tp.emotion) for tp in journey.touchpoints()],
        columns=list(PLACE_COLUMNS))
    places["emotion"] = pd.to_numeric(places["emotion"], errors="coerce").astype("float64")
    if analysis is None:
        metrics = pd.DataFrame(columns=["touchpoint"])
    else:
        measured = analysis.touchpoints
        keep = ["touchpoint"] + [c for c in ("segment", *METRIC_COLUMNS) if c in measured]
        metrics = measured[keep].copy()
        metrics["touchpoint"] = metrics["touchpoint"].astype(str)
    places["touchpoint"] = places["touchpoint"].astype(str)
    table = places.merge(metrics, on="touchpoint", how="left", sort=False)
    if "segment" in table and table["segment"].isna().all():
        table = table.drop(columns="segment")
    for column in METRIC_COLUMNS:
        if column not in table:
            table[column] = pd.Series(pd.NA if column == "small_sample" else float("nan"),
                                      index=table.index,
                                      dtype="boolean" if column == "small_sample" else "float64")
    order = [*PLACE_COLUMNS, *(["segment"] if "segment" in table else []), *METRIC_COLUMNS]
    return table[order].reset_index(drop=True)


def table_csv(journey: Journey, analysis: Any = None) -> bytes:
    """The table as CSV bytes (UTF-8 with a byte-order mark)."""
    text = touchpoint_table(journey, analysis).to_csv(index=False, lineterminator="\n")
    return text.encode("utf-8-sig")


def table_xlsx(journey: Journey, analysis: Any = None) -> bytes:
    """The table as an Excel workbook (``Touchpoints`` and ``About`` sheets)."""
    import pandas as pd

    table = touchpoint_table(journey, analysis)
    about = pd.DataFrame(
        [("Journey", journey.title), ("Description", journey.description),
         ("Touchpoints", len(journey)),
         ("Metrics", "from the journey's feedback sources" if analysis is not None
          else "none: no feedback was analysed"), ("", "")]
        + [(m.label, m.definition) for m in MEASURES.values()],
        columns=["", "value"])
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        table.to_excel(writer, sheet_name="Touchpoints", index=False)
        about.to_excel(writer, sheet_name="About", index=False, header=False)
        _format_touchpoints(writer.sheets["Touchpoints"], list(table.columns))
        writer.sheets["About"].column_dimensions["A"].width = 20
        writer.sheets["About"].column_dimensions["B"].width = 110
    return buffer.getvalue()


def write_touchpoint_table(journey: Journey, path: str | os.PathLike[str],
                           analysis: Any = None) -> None:
    """Write the table to ``path`` atomically, as CSV or Excel from its extension."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        data = table_csv(journey, analysis)
    elif suffix == ".xlsx":
        data = table_xlsx(journey, analysis)
    else:
        raise InteropError(f"a touchpoint table is written as {' or '.join(TABLE_SUFFIXES)}, "
                           f"not {suffix or 'a file without extension'}", file=str(path))
    write_atomic(path, data)


def _format_touchpoints(sheet: Any, columns: list[str]) -> None:
    """Frozen header, filters, readable widths and number formats."""
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    for i, column in enumerate(columns, start=1):
        letter = get_column_letter(i)
        wide = column in ("label", "stage_name", "lane_name")
        sheet.column_dimensions[letter].width = 28 if wide else max(9, len(column) + 2)
        family = column.rsplit("_", 1)[0] if column.endswith(("_low", "_high")) else column
        if family in _FORMATS:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = _FORMATS[family]
