"""The slide deck: ``journeymap render --view slides`` to a PDF and to PNG pages, the pages'
layout (16:9, text that fits the page and is not tiny or overlapping), and its page builders
that other modules extend."""

from __future__ import annotations

import shutil
import struct
import subprocess

import pytest
from test_render_map import SAMPLE, journey_of

from journeymap.cli import main
from journeymap.model import save
from journeymap.render import deck
from journeymap.render.canvas import Sketch

#: text a slide may show smaller than MIN_TEXT: the map's arrow labels (5.8 pt at 100%) and the
#: heatmaps' scale ends (5.5 pt), which a stage page or a wide table draws a little smaller
SMALLER = {"edge-label", "scale", "badge"}


#: pages drawn in their own colours (personas' curves, stage tints, priority bars, theme bars,
#: driver quadrants): their footer has the definitions but no colour bar of a measure
OWN_COLOURS = ("emotion curve", "walk the journey", "What to do first", "What drives",
               "What customers say")
#: what the footer holds (the colour key, the map's arrow and badge key, the definitions)
FOOTER_ROLES = {"legend", "legend-definition", "page-number"}


def png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG")
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def sample_deck():
    from journeymap.analytics import analyse
    from journeymap.model import load

    journey = load(SAMPLE)
    analysis = analyse(journey, base_dir=SAMPLE.parent, by="segment:device")
    return journey, deck.render_deck(journey, analysis, by="segment:device",
                                     compare=("desktop", "mobile web"), date="2026-01-01")


def test_sample_deck_has_every_page_and_each_is_legible(sample_deck):
    journey, pages = sample_deck
    titles = [p.layout.texts_with("page-title")[0].text for p in pages]
    assert titles[0] == journey.title and titles[1] == "The whole journey"
    for i, stage in enumerate(journey.stages, 1):
        assert any(t.startswith(f"{i} {stage.name}") for t in titles)
    for wanted in ("friction ranking", "touchpoints × measures", "stage × channel",
                   "touchpoint × device", "emotion curve", "mobile web compared with desktop"):
        assert any(wanted in t for t in titles), wanted
    for page in pages:
        assert (page.width, page.height) == (deck.PAGE_WIDTH, deck.PAGE_HEIGHT)
        assert abs(page.width / page.height - 16 / 9) < 1e-9
        layout = page.layout
        assert len(layout.texts) > 10, "an empty page"
        for text in layout.texts:
            box = text.box
            assert 0 <= box.x0 and box.x1 <= page.width and 0 <= box.y0 and box.y1 <= page.height
            assert text.size >= (5.0 if text.role in SMALLER else deck.MIN_TEXT), (
                text.role, text.text, text.size)
        assert not layout.overlapping_texts(0.5), [
            (a.text, b.text) for a, b in layout.overlapping_texts(0.5)][:3]
        # every page carries the definitions, and the colour bar when it colours by a measure
        assert any("Friction is" in t.text for t in layout.texts_with("legend-definition"))
        assert any("95% interval" in t.text for t in layout.texts_with("legend-definition"))
        title = layout.texts_with("page-title")[0].text
        colour_key = [t for t in layout.texts_with("legend") if t.text.startswith("Colour:")]
        assert bool(colour_key) != any(own in title for own in OWN_COLOURS), title
        if "stage × channel" in title or "touchpoint × device" in title:
            # columns on one scale: the footer's colour bar serves them, none in the table
            assert not layout.texts_with("scale"), title
    numbers = [p.layout.texts_with("page-number")[0].text for p in pages]
    assert numbers == [f"{i} / {len(pages)}" for i in range(1, len(pages) + 1)]


def assert_stage_summaries_whole(page, role: str) -> None:
    """The cover's glance chips and the overview's stage heads show their measure, interval
    and n whole (broken over lines or a little smaller where the block is narrow, never cut
    with "…"), inside their stage's block and clear of every other text."""
    summaries = page.layout.texts_with(role)
    assert summaries
    cut = [t.full for t in summaries if t.shortened or "…" in t.text]
    assert not cut, cut
    assert all(t.size >= deck.MIN_TEXT for t in summaries)
    blocks = dict(page.layout.stages)
    for t in summaries:
        if t.key in blocks:
            assert blocks[t.key].contains(t.box, 0.5), (t.text, t.box, blocks[t.key])
    assert not page.layout.overlapping_texts(0.5), [
        (a.text, b.text) for a, b in page.layout.overlapping_texts(0.5)][:3]


@pytest.mark.parametrize("name", ["online_order", "air_trip", "saas_trial"])
def test_no_page_runs_into_its_footer(name):
    """A page's last line (a "+ 30 more" note under a table) keeps clear of the footer's rule,
    on every sample; and the opportunities' note counts open ones apart from closed ones."""
    from journeymap.analytics import analyse
    from journeymap.model import load

    path = SAMPLE.parent / f"{name}.journey.json"
    journey = load(path)
    pages = deck.render_deck(journey, analyse(journey, base_dir=path.parent),
                             date="2026-01-01")
    for page in pages:
        low = [(t.role, t.text) for t in page.layout.texts if t.box.y0 < deck.FOOTER + 6
               and t.role not in FOOTER_ROLES and t.key != "legend"]
        assert not low, (page.layout.texts_with("page-title")[0].text, low)
    assert_stage_summaries_whole(pages[0], "glance")
    assert_stage_summaries_whole(pages[1], "stage-summary")
    todo = next(p for p in pages if p.layout.texts_with("page-title")[0].text ==
                "What to do first")
    shown = len(todo.layout.texts_with("rank"))
    closed = sum(o.status in ("done", "dropped") for o in journey.opportunities)
    note = todo.layout.texts_with("note")[0].full
    assert note.startswith(f"+ {len(journey.opportunities) - closed - shown} more open")
    assert (f"and {closed} done or dropped" in note) == bool(closed)


def test_stage_pages_show_cards_at_a_readable_size(sample_deck):
    journey, pages = sample_deck
    stage_pages = [p for p in pages if p.layout.cards]
    shown = {c.touchpoint for p in stage_pages for c in p.layout.cards}
    assert shown == set(journey.touchpoint_ids())   # every card on some stage page
    for page in stage_pages:
        labels = page.layout.texts_with("card-label")
        assert min(t.size for t in labels) >= 6.5
        assert page.layout.texts_with("note")     # pain points and opportunities beside
    headings = {t.text for p in stage_pages for t in p.layout.texts_with("heading")}
    assert {"⚠ Pain points", "★ Opportunities"} <= headings


def test_whole_journey_page_stays_legible_for_a_large_map():
    """200 touchpoints over 12 stages: stages wrap into rows, the hottest tiles are shown and
    the rest counted, and no text is tiny."""
    journey = journey_of(200, stages=12)
    pages = deck.render_deck(journey, date="2026-01-01")
    overview = pages[1]
    stages = [box for _, box in overview.layout.stages]
    assert len(stages) == 12 and len({round(b.y1) for b in stages}) == 2   # two rows
    assert min(t.size for t in overview.layout.texts) >= deck.MIN_TEXT
    assert overview.layout.texts_with("tile-more")
    assert not overview.layout.overlapping_texts(0.5)
    stage_titles = [p.layout.texts_with("page-title")[0].text for p in pages[2:] if
                    p.layout.cards]
    assert len(stage_titles) >= 12      # a stage too wide for a page is split, not shrunk
    for page in pages:
        for text in page.layout.texts_with("card-label"):
            assert text.size >= 7.5 * deck_pages_smallest()


@pytest.mark.parametrize("measure", ["friction", "nps", "csat"])
def test_narrow_stage_blocks_keep_their_summary_whole(tmp_path, measure):
    """Eight stages a row with answers behind every one (blocks ~106 pt wide, the
    narrowest the overview draws; more thousands in n): the summaries fit, none is cut."""
    from test_render_map import with_feedback

    from journeymap.render import evidence_of

    journey = journey_of(64, stages=16)
    analysis = with_feedback(journey, tmp_path, "t3")
    board = deck.Deck(journey, evidence_of(journey, analysis), analysis, measure=measure)
    cover, overview = deck.build(board, only=["cover", "overview"])
    assert len(overview.layout.stages) == 16
    assert_stage_summaries_whole(overview, "stage-summary")


def deck_pages_smallest() -> float:
    from journeymap.render.deck_pages import SMALLEST_MAP

    return SMALLEST_MAP


def test_other_modules_add_pages_in_order():
    calls = []

    def extra(d: deck.Deck) -> list[Sketch]:
        calls.append(d.journey.title)
        page, box = deck.frame(d, "Paths", "a page another module adds")
        page.text(box.x0, box.y1, "paths go here", role="note", size=10)
        return [page]

    before = list(deck.PAGES)
    try:
        deck.add_page("paths", extra, after="heatmaps")
        names = [n for n, _ in deck.PAGES]
        assert names.index("paths") == names.index("heatmaps") + 1
        pages = deck.render_deck(journey_of(12), date="2026-01-01")
        assert calls and any(p.layout.texts_with("page-title")[0].text == "Paths"
                             for p in pages)
    finally:
        deck.PAGES[:] = before


def test_cli_writes_a_pdf_with_embedded_fonts(tmp_path, capsys):
    out = tmp_path / "deck.pdf"
    assert main(["render", str(SAMPLE), "--view", "slides", "-o", str(out)]) == 0
    assert "slides, " in capsys.readouterr().out
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and b"/FontFile2" in data   # TrueType, embedded
    if shutil.which("pdfinfo") is None or shutil.which("pdffonts") is None:
        pytest.skip("poppler-utils not installed (scripts/dev.sh installs it)")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True,
                          check=True).stdout
    assert "Page size:       960 x 540 pts" in info
    pages = int(next(line.split()[-1] for line in info.splitlines()
                     if line.startswith("Pages:")))
    assert pages >= 13
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)   # the "emb" column
    assert all("TrueType" in line for line in fonts)


def test_cli_writes_png_pages_to_a_folder_or_beside_a_name(tmp_path, capsys):
    folder = tmp_path / "pages"
    assert main(["render", str(SAMPLE), "--view", "slides", "-o", f"{folder}/",
                 "--dpi", "40"]) == 0
    files = sorted(folder.glob("slide-*.png"))
    assert len(files) >= 13
    for f in files:
        w, h = png_size(f)
        assert abs(w / h - 16 / 9) < 0.01 and w == int(960 * 40 / 72)
    assert main(["render", str(SAMPLE), "--view", "slides", "-o", str(tmp_path / "d.png"),
                 "--dpi", "30"]) == 0
    assert len(list(tmp_path.glob("d-*.png"))) == len(files)


def test_cli_slides_without_feedback_and_with_a_comparison(tmp_path, capsys):
    journey = tmp_path / "plain.journey.json"
    save(journey_of(15), journey)
    out = tmp_path / "plain.pdf"
    assert main(["render", str(journey), "--view", "slides", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF-")
    out = tmp_path / "cmp.pdf"
    assert main(["render", str(SAMPLE), "--view", "slides", "-o", str(out), "--by",
                 "segment:device", "--compare", "desktop", "mobile web"]) == 0


@pytest.mark.parametrize("args, message", [
    (["-o", "{tmp}/missing/deck.pdf"], "does not exist"),
    (["-o", "{tmp}/deck.pptx"], "slides go to a .pdf"),
    (["-o", "{tmp}/file.txt/"], "is a file"),
    (["-o", "{tmp}/deck.pdf", "--compare", "desktop", "mobile web"], "needs --by"),
    (["-o", "{tmp}/deck.pdf", "--by", "segment:device", "--compare", "desktop", "fax"],
     "no group 'fax'"),
])
def test_cli_slides_fail_cleanly_on_bad_paths_and_flags(tmp_path, capsys, args, message):
    (tmp_path / "file.txt").write_text("x")
    args = [a.format(tmp=tmp_path) for a in args]
    code = main(["render", str(SAMPLE), "--view", "slides", *args])
    assert code in (1, 2)
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not list(tmp_path.glob("*.pdf")) and not (tmp_path / "missing").exists()


def test_compare_is_only_for_slides(tmp_path, capsys):
    assert main(["render", str(SAMPLE), "-o", str(tmp_path / "m.png"), "--by",
                 "segment:device", "--compare", "desktop", "mobile web"]) == 2
    assert "only --view slides" in capsys.readouterr().err


def test_heatmap_pages_define_only_what_they_show(realdata):
    """The airline tweets coloured by sentiment: the stage × channel and touchpoint × airline
    pages show sentiment alone, so their footer defines sentiment and not friction; the
    touchpoint × measures page shows a friction column and defines it. The same rule for the
    figure's own notes."""
    from test_analytics_realdata import REASONS, TWEETS, tweets_journey

    from journeymap.analytics import analyse
    from journeymap.model import FeedbackSource, MetricColumn
    from journeymap.render import evidence_of, render_heatmap

    source = FeedbackSource("tweets", str(realdata / TWEETS), touchpoint_column="negativereason",
                            match="map", value_map=REASONS, segment_columns=["airline"],
                            metrics=[MetricColumn("airline_sentiment", "sentiment")])
    journey = tweets_journey()
    analysis = analyse(journey, [source], by="segment:airline")
    board = deck.Deck(journey, evidence_of(journey, analysis), analysis, measure="sentiment",
                      by="segment:airline")
    pages = deck.build(board, only=["heatmaps"])
    assert len(pages) == 3
    for page in pages:
        title = page.layout.texts_with("page-title")[0].text
        defined = " ".join(t.full for t in page.layout.texts_with("legend-definition"))
        columns = [t.full for t in page.layout.texts_with("column")]
        shows_friction = any(c.startswith("Friction") for c in columns)
        assert ("Friction is" in defined) == shows_friction, (title, columns)
        assert ("Net sentiment" in defined) == (not shows_friction), title
        assert "95% interval" in defined
    figure = render_heatmap(journey, analysis, measures=["sentiment", "volume"]).layout
    notes = " ".join(t.full for t in figure.texts_with("note"))
    assert "Friction is" not in notes and "Faded, hatched" in notes
    figure = render_heatmap(journey, analysis).layout
    assert "Friction is" in " ".join(t.full for t in figure.texts_with("note"))
