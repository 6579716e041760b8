"""Any mangled feedback table or event log is read with kept + rejected = input rows, or
refused with one clear error naming the file; never a traceback, never a hang on one huge
cell (issue 13)."""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.analytics.feedback import read_source
from journeymap.analytics.reading import SourceError
from journeymap.model import load

from conftest import SAMPLES
from mutations import mangle_table

#: (journey, source id): long survey, wide survey, long event log.
SOURCES = [("online_order", "survey"), ("online_order", "event-log"),
           ("air_trip", "passenger-survey"), ("saas_trial", "event-log")]


def _head(journey_name: str, source_id: str, lines: int = 30):
    journey = load(SAMPLES / f"{journey_name}.journey.json")
    source = next(s for s in journey.sources if s.id == source_id)
    text = (SAMPLES / source.path).read_text(encoding="utf-8")
    return journey, source, "\n".join(text.splitlines()[:lines]) + "\n"


HEADS = {key: _head(*key) for key in SOURCES}


def read_mangled(tmp_path, key, text: str) -> str:
    """Read ``text`` as the source ``key``: rows add up ('read'), or one line naming the file
    ('refused'); anything else raises (the fuzzer counts it)."""
    journey, source, _ = HEADS[key]
    path = tmp_path / "table.csv"
    path.write_text(text, encoding="utf-8")
    source = source.copy()
    source.path = str(path)
    try:
        table = read_source(source, journey, tmp_path)
    except SourceError as exc:
        message = str(exc)
        assert message.startswith(str(path)) and "\n" not in message, message
        return "refused"
    assert table.kept_rows + len(table.rejected) == table.input_rows
    assert table.kept_rows >= 0 and table.input_rows <= max(0, len(text.splitlines()) - 1)
    return "read"


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.sampled_from(SOURCES), st.randoms(use_true_random=False), st.integers(1, 6))
def test_any_mangled_table_adds_up_or_is_refused_naming_the_file(tmp_path, key, rng, count):
    read_mangled(tmp_path, key, mangle_table(HEADS[key][2], rng, count))


def test_a_few_hundred_mangled_sample_tables(tmp_path):
    rng = random.Random(13)
    for _ in range(40):
        key = rng.choice(SOURCES)
        read_mangled(tmp_path, key, mangle_table(HEADS[key][2], rng, rng.randint(1, 8)))


@pytest.mark.parametrize("cell", ["1 " * 500_000, "2026-01-01 " + "1" * 1_000_000])
def test_a_megabyte_cell_in_a_timestamp_column_is_rejected_quickly(tmp_path, cell):
    key = ("online_order", "event-log")
    lines = HEADS[key][2].splitlines()
    case, touchpoint, _ = lines[3].split(",")
    lines[3] = f"{case},{touchpoint},{cell}"
    started = time.perf_counter()
    read_mangled(tmp_path, key, "\n".join(lines))
    journey, source, _ = HEADS[key]
    source = source.copy()
    source.path = str(tmp_path / "table.csv")
    table = read_source(source, journey, tmp_path)
    assert table.rejected_counts and len(table.rejected) == 1
    # dateutil alone took 27 s on such a cell; a generous bound that cannot be met by it.
    assert time.perf_counter() - started < 10


def test_an_event_log_without_a_recognisable_case_column_says_so(tmp_path):
    journey, source, _ = HEADS[("online_order", "event-log")]
    path = tmp_path / "log.csv"
    path.write_text("who,what,when\n1,search,2026-01-01\n", encoding="utf-8")
    source = source.copy()
    source.path, source.case_column, source.touchpoint_column = str(path), "", ""
    source.timestamp_column = ""
    with pytest.raises(SourceError) as info:
        read_source(source, journey, tmp_path)
    assert str(info.value) == (f"{path}: no case column recognised among who, what, when: "
                               "name it (case_column, --case-column)")


@pytest.mark.parametrize("key", [("online_order", "event-log"), ("air_trip", "passenger-survey")])
def test_a_quote_left_open_in_the_header_is_refused_in_one_line(tmp_path, key):
    # Found by the fuzzer: a first line holding a lone quote makes the whole file one column
    # name, line breaks and all, which the message listed verbatim over many lines.
    assert read_mangled(tmp_path, key, '"\n' + HEADS[key][2]) == "refused"


def test_a_header_with_empty_names_keeps_its_rejected_rows(tmp_path):
    # Found by the fuzzer: 'case_id,touchpoint,timestamp,,,' and a bad row made pandas
    # refuse to line up the rejected rows' columns (InvalidIndexError).
    text = ("\ncase_id,touchpoint,timestamp,,,\nWS-00064,pricing-page,2025-07-01T08:32:06\n"
            "WS-00064,trial-signup,2025-07-01T08:39:20")
    assert read_mangled(tmp_path, ("saas_trial", "event-log"), text) == "read"


#: Found by the fuzzer (kept as it was): a ';' header over ',' rows, a quote left open and
#: a CR: ISO parsing read nothing and the second pass failed on a tz-naive column (TypeError).
MANGLED_LOG = (
    'case_id;touchpoint;timestamp\n'
    'WS-00064,pricing-page,2025-07-01T08:32:06\n'
    'WS-00064,trial-signup,2025-07-01T08:39:20\n'
    'WS-00064,verify-email,2025-07-01T08:43:17\n'
    'WS-01203,pricing-page,2025-07-01T08:50:11\n'
    'WS-01424,trial-signup,2025-07-01T09:56:51\n'
    'WS-01424,verify-email,2025-07-01T09:59:02\n'
    'WS-01424,welcome-checklist,2025-07-01T09:59:30\n'
    'WS-01424,invite-team,2025-07-01T10:33:16\n'
    'WS-00421,trial-signup,2025-07-01T11:59:12\n'
    'WS-00421,verify-email,2025-07-01T12:02:45"\n'
    'WS-00421,welcome-checklist,2025-07-01T12:04:18\n'
    'WS-00421,import-data,2025-07-01T12:33:43\n'
    'WS-01067,pricing-page,2025-07-01T12:45:11\n'
    'WS-01067,trial-signup,2025-07-01T12:49:47\n'
    '\n'
    'WS-01067,verify-email,2025-07-01T12:56:25\n'
    'WS-01067,welcome-checklist,2025-07-01T12:56:58\n'
    'WS-01067,invite-team,2025-07-01T13:37:32\n'
    'WS-00421;invite-team;TRUE\n'
    'WS-00295,pricing-page,2025-07-01T14:28:40\n'
    'WS-00295,trial-signup,2025-07-01T14:33:32\n'
    'WS-00994,trial-signup,2025-07-01T20:12:14\n'
    'WS-00994,verify-email,2025-07-01T20:13:45,,\n'
    'WS-00994,welcome-checklist,2025-07-01T20:14:21\n'
    'WS-00468,trial-signup,2025-07-01T20:43:27\n'
    'WS-00468,verify-email,2025-07-01T20:44:04\n'
    'WS-00468,welcome-checklist,2025-07-01T20:44:39\n'
)


def test_a_log_where_iso_reads_no_timestamp_is_read_or_refused(tmp_path):
    assert read_mangled(tmp_path, ("saas_trial", "event-log"), MANGLED_LOG) in ("read",
                                                                                 "refused")
