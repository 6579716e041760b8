"""Which cells are missing is said once (reading.MISSING) and is the same for CSV and
Excel: "NA", "n/a", "null" and friends are missing; other words stay text."""

from __future__ import annotations

import pandas as pd
import pytest

from journeymap.analytics import read_table
from journeymap.analytics.feedback import parse_metric
from journeymap.analytics.reading import MISSING
from journeymap.model import MetricColumn

CELLS = ["4", "", "NA", "n/a", "N/A", "#N/A", "null", "NULL", "NaN", "-", "none", "North"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_missing_markers_are_read_alike_from_csv_and_excel(tmp_path, suffix):
    frame = pd.DataFrame({"score": CELLS, "region": CELLS})
    path = tmp_path / f"t{suffix}"
    if suffix == ".csv":
        frame.to_csv(path, index=False)
    else:
        frame.to_excel(path, index=False)
    read = read_table(path).frame
    missing = [cell for cell, value in zip(CELLS, read["region"]) if pd.isna(value)]
    assert missing == ["", "NA", "n/a", "N/A", "#N/A", "null", "NULL", "NaN"]
    assert set(missing) <= set(MISSING)
    kept = [str(value) for value in read["region"] if not pd.isna(value)]
    assert kept == ["4", "-", "none", "North"]
    # a score column: a missing marker is no answer; other words are unparseable
    parsed = parse_metric(read["score"], MetricColumn("score", "rating", 1, 5))
    assert list(parsed.unparseable) == [cell in ("-", "none", "North") for cell in CELLS]
    assert parsed.values[0] == pytest.approx(0.75)
