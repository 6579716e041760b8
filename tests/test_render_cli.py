"""``journeymap render``: formats from the extension, views, measures, feedback options, and
clear errors."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from test_render_map import SAMPLE, journey_of

from journeymap.cli import main
from journeymap.model import save
from process_helpers import loaded_after


@pytest.mark.parametrize("view, extra", [("map", []), ("heatmap", []),
                                          ("heatmap", ["--by", "channel"]),
                                          ("heatmap", ["--by", "segment:device"]),
                                          ("curve", ["--persona", "tom"])])
def test_renders_each_view_of_the_sample(tmp_path, capsys, view, extra):
    out = tmp_path / f"{view}.png"
    assert main(["render", str(SAMPLE), "-o", str(out), "--view", view, "--dpi", "60",
                 *extra]) == 0
    assert out.read_bytes().startswith(b"\x89PNG")
    captured = capsys.readouterr()
    assert f"{out}: {view}, 46 touchpoints" in captured.out
    assert "survey:" in captured.err  # rejected rows reported by the shared options


def test_format_follows_the_extension(tmp_path, capsys):
    for suffix in ("svg", "pdf"):
        out = tmp_path / f"map.{suffix}"
        assert main(["render", str(SAMPLE), "-o", str(out), "--measure", "csat"]) == 0
    ET.parse(tmp_path / "map.svg")
    pdf = (tmp_path / "map.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and b"/FontFile2" in pdf


def test_without_feedback_the_map_shows_emotion_and_says_why(tmp_path, capsys):
    journey = tmp_path / "plain.journey.json"
    save(journey_of(15), journey)
    out = tmp_path / "plain.png"
    assert main(["render", str(journey), "-o", str(out)]) == 0
    assert capsys.readouterr().err == ""
    assert main(["render", str(journey), "-o", str(out), "--measure", "nps"]) == 0
    assert "no feedback data: NPS shows as 'no data'" in capsys.readouterr().err
    assert main(["render", str(journey), "-o", str(out), "--view", "heatmap", "--by",
                 "segment:device"]) == 2
    assert "needs feedback" in capsys.readouterr().err


def test_feedback_given_on_the_command_line(tmp_path, capsys):
    journey = journey_of(8)
    path = tmp_path / "j.journey.json"
    save(journey, path)
    rows = ["touchpoint,nps"] + [f"t{i % 8},{(i * 7) % 11}" for i in range(400)] + ["t99,5"]
    (tmp_path / "survey.csv").write_text("\n".join(rows) + "\n")
    out = tmp_path / "map.png"
    assert main(["render", str(path), "--feedback", str(tmp_path / "survey.csv"),
                 "--metric", "nps=nps", "-o", str(out), "--measure", "nps"]) == 0
    err = capsys.readouterr().err
    assert "1 rejected" in err and "unknown touchpoint" in err


@pytest.mark.parametrize("args, message", [
    (["-o", "{tmp}/map.gif"], "must end in .png, .svg or .pdf"),
    (["-o", "{tmp}/missing/map.png"], "does not exist"),
    (["-o", "{tmp}/map.png", "--persona", "nobody"], "no such persona (personas: maya"),
    (["-o", "{tmp}/map.png", "--by", "segment:device"], "use --view heatmap"),
    (["-o", "{tmp}/map.png", "--dpi", "5"], "--dpi 5"),
])
def test_clear_errors(tmp_path, capsys, args, message):
    args = [a.format(tmp=tmp_path) for a in args]
    assert main(["render", str(SAMPLE), *args]) == 2
    assert message in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_a_broken_journey_is_reported_not_raised(tmp_path, capsys):
    broken = tmp_path / "broken.journey.json"
    broken.write_text('{"format": "journeymap/1", "title": 3}')
    assert main(["render", str(broken), "-o", str(tmp_path / "x.png")]) == 1
    assert "broken.journey.json" in capsys.readouterr().err


def test_rendering_without_feedback_imports_neither_pandas_nor_qt(tmp_path):
    journey = tmp_path / "plain.journey.json"
    save(journey_of(20), journey)
    code = ("from journeymap.cli import main\n"
            f"assert main(['render', {str(journey)!r}, '-o', {str(tmp_path / 'x.png')!r}]) == 0")
    assert loaded_after(code, ["pandas", "PySide6", "matplotlib.pyplot"]) == []
