"""The metrics cache's fingerprint follows the sources' content, not their files' times: a
``touch``, a copied folder or a git checkout leave a cache fresh; a changed byte or a changed
source definition makes it stale. The samples ship with a cache that is fresh."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from journeymap import metrics_cache as cache_module
from journeymap.metrics_cache import file_digest, fingerprint, source_digests
from journeymap.model import FeedbackSource, Journey, MetricColumn, load

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_journeys"
NAMES = ("online_order", "saas_trial", "air_trip")
CSV = "touchpoint,nps\npay,9\npay,3\nship,10\n"


def journey_with(tmp_path: Path, *files: str) -> Journey:
    """A journey with one long-layout source per file name, each file holding ``CSV``."""
    journey = Journey("Fingerprints")
    for name in files:
        (tmp_path / name).write_text(CSV, encoding="utf-8")
        journey.add_source(FeedbackSource(id=name.split(".")[0], path=name,
                                          touchpoint_column="touchpoint",
                                          metrics=[MetricColumn("nps", "nps", 0, 10)]))
    return journey


def test_a_new_modification_time_alone_changes_nothing(tmp_path):
    journey = journey_with(tmp_path, "survey.csv")
    before = fingerprint(journey, tmp_path)
    stat = os.stat(tmp_path / "survey.csv")
    os.utime(tmp_path / "survey.csv", ns=(stat.st_atime_ns + 10**12, stat.st_mtime_ns + 10**12))
    assert os.stat(tmp_path / "survey.csv").st_mtime_ns != stat.st_mtime_ns
    assert fingerprint(journey, tmp_path) == before
    os.utime(tmp_path / "survey.csv", ns=(0, 0))  # 1970, as some unpackers leave files
    assert fingerprint(journey, tmp_path) == before


def test_one_changed_byte_changes_it_even_at_the_same_size_and_time(tmp_path):
    journey = journey_with(tmp_path, "survey.csv")
    path = tmp_path / "survey.csv"
    before = fingerprint(journey, tmp_path)
    stat = os.stat(path)
    path.write_bytes(path.read_bytes().replace(b"pay,3", b"pay,4"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the old time, the same size
    assert os.stat(path).st_size == stat.st_size
    assert fingerprint(journey, tmp_path) != before


def test_a_changed_source_definition_or_a_missing_file_changes_it(tmp_path):
    journey = journey_with(tmp_path, "survey.csv")
    before = fingerprint(journey, tmp_path)
    journey.update_source("survey", metrics=[MetricColumn("nps", "rating", 0, 10)])
    changed = fingerprint(journey, tmp_path)
    assert changed != before
    (tmp_path / "survey.csv").unlink()
    assert fingerprint(journey, tmp_path) not in (before, changed)


def test_the_same_files_in_another_folder_give_the_same_fingerprint(tmp_path):
    here, there = tmp_path / "here", tmp_path / "there"
    here.mkdir()
    journey = journey_with(here, "survey.csv", "events.csv")
    shutil.copytree(here, there, copy_function=shutil.copy)  # new times, as git gives
    assert fingerprint(journey, there) == fingerprint(journey, here)


def test_a_file_two_sources_read_is_hashed_once(tmp_path, monkeypatch):
    journey = journey_with(tmp_path, "survey.csv")
    journey.add_source(FeedbackSource(id="again", path="survey.csv",
                                      touchpoint_column="touchpoint"))
    hashed = []
    monkeypatch.setattr(cache_module, "file_digest",
                        lambda path: hashed.append(path) or file_digest(path))
    digests = source_digests(journey, tmp_path)
    assert hashed == [str(tmp_path / "survey.csv")]
    assert fingerprint(journey, tmp_path, digests) == fingerprint(journey, tmp_path)


def test_the_digest_of_a_file_longer_than_a_chunk_is_its_sha256(tmp_path):
    data = bytes(range(256)) * 2100 + b"tail"  # hashlib.file_digest reads 256 KiB at a time
    (tmp_path / "data.bin").write_bytes(data)
    assert file_digest(tmp_path / "data.bin") == [len(data), hashlib.sha256(data).hexdigest()]
    assert file_digest(tmp_path / "missing.bin") is None
    assert file_digest(tmp_path) is None  # a folder is no source file


def test_an_old_modification_time_fingerprint_reads_as_stale(tmp_path):
    """Caches written before content hashing hold sha1 of sizes and times: they never
    match, so they read as stale once (until the next Refresh)."""
    import json

    from journeymap.model.document import _source as source_document

    journey = journey_with(tmp_path, "survey.csv")
    stat = os.stat(tmp_path / "survey.csv")
    parts = [[source_document(s), [stat.st_size, int(stat.st_mtime)]] for s in journey.sources]
    old = hashlib.sha1(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]
    assert fingerprint(journey, tmp_path) != old


@pytest.mark.parametrize("name", NAMES)
def test_the_samples_ship_with_a_fresh_cache(name):
    path = SAMPLES / f"{name}.journey.json"
    journey = load(path)
    cache = journey.metrics_cache
    assert cache and cache["touchpoints"], "the sample ships its metrics"
    assert set(cache["touchpoints"]) == set(journey.touchpoint_ids())
    assert cache["fingerprint"] == fingerprint(journey, path.parent)


def test_a_copied_sample_keeps_its_cache_fresh(tmp_path):
    """Copying a journey folder (new paths, new times) is no change to its evidence."""
    copy = tmp_path / "copy"
    shutil.copytree(SAMPLES, copy, copy_function=shutil.copy)
    path = copy / "online_order.journey.json"
    for source in load(path).sources:
        os.utime(source.resolve(copy), ns=(10**18, 10**18))  # far from the originals' times
    journey = load(path)
    assert fingerprint(journey, copy) == journey.metrics_cache["fingerprint"]


def test_the_sample_cache_is_dated_by_its_data_not_the_clock():
    """The generator writes when the data was extracted (the event log's cutoff), so the
    samples come out byte for byte (tests/test_samples.py checks the bytes)."""
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from sample_data import SAMPLES as SPECS
        from sample_data.build import extracted_on
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    for name in NAMES:
        spec = SPECS[name]
        cache = load(SAMPLES / f"{name}.journey.json").metrics_cache
        when = extracted_on(spec)
        assert cache["computed"] == when.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert when.date() >= spec.survey.end and when.date() >= spec.events.end


def test_computed_time_reads_as_people_write_it(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    import time

    time.tzset()
    try:
        assert cache_module.computed_text({"computed": "2026-09-30T14:05:00Z"}) == \
            "30 Sep 2026, 14:05"
        assert cache_module.computed_text({"computed": "yesterday"}) == ""
        assert cache_module.computed_text(None) == ""
        for odd in ("2026-02-30T14:05:00Z", "2026-09-30 14:05:00", "2026-09-30T14:05:00Z ",
                    None, 20260930):  # no such day, not its form, not text
            assert cache_module.computed_text({"computed": odd}) == ""
        assert cache_module.computed_text(["computed"]) == ""  # not a cache at all
    finally:
        monkeypatch.undo()
        time.tzset()
