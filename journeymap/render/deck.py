"""A slide deck a consultant presents as is: 16:9 pages made of the figures' own pieces.

A deck is a list of pages, each a :class:`~.canvas.Sketch` of :data:`PAGE_WIDTH` ×
:data:`PAGE_HEIGHT` points (13.33 × 7.5 inches, a 16:9 slide). :func:`frame` gives every page
the same title bar and footer (the legend of the page's colours, the definitions of friction,
n and the 95% interval, the page number); the page builders fill the space between with views
drawn at their own size and placed (:meth:`.canvas.Sketch.place`), scaled no further down than
keeps their text readable.

The pages come from :data:`PAGES`, a list of named builders, each taking the :class:`Deck`
(the journey and its evidence) and returning its pages (none when it has nothing to show).
Other modules add theirs with :func:`add_page`::

    from journeymap.render import deck
    deck.add_page("paths", build_paths_pages, after="heatmaps")

A PDF embeds its fonts as TrueType (Type 42); PNG pages go to a folder.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from journeymap.measures import MEASURES, NO_DATA, SMALL_SAMPLE, scale_caption, scale_ticks
from journeymap.model import Journey

from . import style
from .canvas import Sketch
from .evidence import Evidence
from .layoutdata import Box

PAGE_WIDTH, PAGE_HEIGHT = 960.0, 540.0      # points: 13.33 × 7.5 in, 16:9
MARGIN = 28.0
TITLE_BAR = 54.0                            # the page title and its subtitle
FOOTER = 62.0                               # the legend and definitions
GAP = 8.0
#: The smallest text a page may show, in points, once its views are scaled to fit.
MIN_TEXT = 6.0

INTERVAL_NOTE = ("n: the answers behind a number.  95% interval: the range that holds the "
                 "true value 19 times in 20 (Wilson for shares, Student's t for means, "
                 "multinomial for NPS); a bar or ± shows it.")


@dataclass
class Deck:
    """What the pages are made of."""

    journey: Journey
    evidence: Evidence
    analysis: Any = None                      # a journeymap.analytics.Analysis, or None
    measure: str = "friction"                 # what colours cards and tiles
    persona: str | None = None
    by: str | None = None                     # segment:COL or period:X (heatmap by group)
    compare: tuple[str, str] | None = None    # two groups of ``by`` to compare
    compare_measure: str = "friction"
    date: str = field(default_factory=lambda: _dt.date.today().isoformat())
    #: what several pages use, built once by the first that needs it (by name)
    shared: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def has_feedback(self) -> bool:
        return self.evidence.has_feedback


class Cancelled(Exception):
    """The deck was cancelled while it was being made (nothing was written)."""


Progress = Callable[[float, str], None]


def _step(progress: Progress | None, cancelled: Callable[[], bool] | None, fraction: float,
          message: str) -> None:
    if cancelled is not None and cancelled():
        raise Cancelled()
    if progress is not None:
        progress(fraction, message)


#: A page builder: the deck in, its pages out (an empty list when it has nothing to show).
PageBuilder = Callable[[Deck], list[Sketch]]
PAGES: list[tuple[str, PageBuilder]] = []


def add_page(name: str, builder: PageBuilder, after: str | None = None,
             before: str | None = None) -> None:
    """Put ``builder`` into the deck under ``name`` (replacing one of that name), after or
    before the builder so named, or last."""
    names = [n for n, _ in PAGES]
    if name in names:
        PAGES.pop(names.index(name))
        names.remove(name)
    if after in names:
        index = names.index(after) + 1
    elif before in names:
        index = names.index(before)
    else:
        index = len(PAGES)
    PAGES.insert(index, (name, builder))


# --------------------------------------------------------------------------- a page
def frame(deck: Deck, title: str, subtitle: str = "", measure: str | None = None,
          legend: bool = True, map_key: list[str] | None = None,
          scale: bool = True, ticks: list[tuple[float, str]] | None = None,
          defines: tuple[str, ...] | None = None) -> tuple[Sketch, Box]:
    """A blank slide with its title bar and footer; returns it and the content box between.
    ``measure`` is the colour scale the footer explains (the deck's by default); with
    ``scale`` False the page colours nothing by a measure (a chart in its own colours): the
    footer gives the definitions only, never a colour bar the page does not use;
    ``map_key`` the arrow kinds a page of the map shows (their line patterns and the cards'
    badges join the legend); ``ticks`` the colour bar's labels where the page's colours are
    not the cards' (a heatmap of stage × channel sums); ``defines`` the measures whose
    definitions the footer gives, those the page shows (by default the page's measure and
    friction, the map's common language)."""
    page = Sketch("slide", PAGE_WIDTH, PAGE_HEIGHT, f"{deck.journey.title}: {title}")
    top = PAGE_HEIGHT - 18
    width = PAGE_WIDTH - 2 * MARGIN
    page.text(MARGIN, top, title, role="page-title", size=19, style="bold", width=width,
              colour=style.INK)
    page.text(MARGIN, top - 26, subtitle or deck.journey.title, role="page-subtitle", size=9.5,
              width=width, colour=style.MUTED)
    page.line([(MARGIN, PAGE_HEIGHT - TITLE_BAR - 3), (PAGE_WIDTH - MARGIN,
                                                       PAGE_HEIGHT - TITLE_BAR - 3)],
              colour=style.RULE, width=0.8, zorder=1)
    if legend:
        _footer(page, deck, MEASURES[measure or deck.measure], map_key is not None, scale,
                ticks, defines)
    if map_key is not None:
        _map_key(page, map_key)
    content = Box(MARGIN, FOOTER + GAP, PAGE_WIDTH - MARGIN, PAGE_HEIGHT - TITLE_BAR - GAP)
    return page, content


MAP_KEY = 170.0     # the width of the arrows' and badges' key on a page of the map


def _map_key(page: Sketch, kinds: list[str]) -> None:
    """Arrow kinds by line pattern, and what the cards' badges count."""
    from journeymap.transition_style import transition_style

    from .mapview import _badge

    x0 = PAGE_WIDTH - MARGIN - 80 - MAP_KEY
    top = FOOTER - 6
    for i, kind in enumerate(kinds[:4]):
        look = transition_style(kind)
        col, row = divmod(i, 2)
        x, y = x0 + col * 82, top - 4 - row * 12
        page.line([(x, y), (x + 22, y)], colour=look.colour, dashes=look.dashes, width=1.2,
                  zorder=5)
        page.text(x + 26, y, kind, role="legend", size=7, va="center", colour=style.MUTED)
    for i, ((symbol, fill), name) in enumerate(((style.PAIN, "pain points"),
                                               (style.OPPORTUNITY, "opportunities"))):
        x = x0 + i * 82
        _badge(page, x, top - 38, f"{symbol} 2", fill, key="legend", align="left")
        page.text(x + 26, top - 33, name, role="legend", size=7, va="center",
                  colour=style.MUTED)


def _scale_key(page: Sketch, deck: Deck, m, y_top: float,
               ticks: list[tuple[float, str]] | None = None) -> None:
    """The footer's left column: the colour bar of ``m`` in the cards' units, the
    small-sample and no-data keys."""
    x = MARGIN
    rows = list(deck.evidence.touchpoints.values())
    caption = scale_caption(m, rows)
    page.text(x, y_top, f"Colour: {caption}", role="legend", size=7.5, style="bold",
              width=195)
    scale_max = deck.evidence.colour_scale_max(m.key) if m.key == "volume" else 1.0
    bottom = style.colour_bar(page, x, y_top - 13, 170, 8, m, scale_max, size=7,
                              ticks=ticks or scale_ticks(m, rows, scale_max))
    y = bottom - 4
    page.rect(x, y - 8, 14, 8, face=style.faded("#fd8d3c"), edge=style.CARD_EDGE, width=0.5,
              hatch=style.HATCH, zorder=5)
    small = deck.evidence.small_sample or SMALL_SAMPLE
    page.text(x + 18, y - 4, f"n < {small}: small sample", role="legend", size=7,
              va="center", colour=style.MUTED)
    page.rect(x + 112, y - 8, 14, 8, face=NO_DATA, edge=style.CARD_EDGE, width=0.5, zorder=5)
    page.text(x + 130, y - 4, "no data", role="legend", size=7, va="center",
              colour=style.MUTED)


def _footer(page: Sketch, deck: Deck, m, map_key: bool = False, scale: bool = True,
            ticks: list[tuple[float, str]] | None = None,
            defines: tuple[str, ...] | None = None) -> None:
    """The legend strip: the colour scale, small sample and no data (when the page colours
    by ``m``), the definitions."""
    y_top = FOOTER - 6
    page.line([(MARGIN, FOOTER + 2), (PAGE_WIDTH - MARGIN, FOOTER + 2)], colour=style.RULE,
              width=0.6, zorder=1)
    x = MARGIN + 200 if scale else MARGIN
    if scale:
        _scale_key(page, deck, m, y_top, ticks)
    width = PAGE_WIDTH - MARGIN - x - 70 - (MAP_KEY + 10 if map_key else 0)
    if defines is None:
        defines = (m.key, "friction")
    definitions = [_definition(MEASURES[k]) for k in dict.fromkeys(defines)] + [INTERVAL_NOTE]
    y = y_top
    for i, text in enumerate(definitions):
        if y - 9 < 8:
            break
        box = page.text(x, y, text, role="legend-definition", size=7, width=width,
                        max_lines=2 if i < len(definitions) - 1 else 3,
                        colour=style.INK if i == 0 else style.MUTED)
        y = box.box.y0 - 3


def _definition(m) -> str:
    """``m``'s definition, led by its name unless it names itself ("Friction is …", "Net
    sentiment: …")."""
    head = m.definition.split(":")[0] if ":" in m.definition[:32] else ""
    named = head or m.label.casefold() in m.definition[:len(m.label) + 12].casefold()
    return m.definition if named else f"{m.label}: {m.definition}"


def _number(pages: list[Sketch], date: str) -> None:
    for i, page in enumerate(pages, 1):
        page.text(PAGE_WIDTH - MARGIN, FOOTER - 6, f"{i} / {len(pages)}", role="page-number",
                  size=8, ha="right", colour=style.MUTED)
        page.text(PAGE_WIDTH - MARGIN, FOOTER - 20, date, role="page-number", size=7,
                  ha="right", colour=style.MUTED)


def fit_scale(width: float, height: float, box: Box, most: float = 1.3) -> float:
    """The scale that fits ``width`` × ``height`` points into ``box``, at most ``most``."""
    return min(most, box.width / width if width else most, box.height / height if height
               else most)


def place_fitted(page: Sketch, view: Sketch, box: Box, most: float = 1.3,
                 align: str = "top-left") -> tuple[Box, float]:
    """Place ``view`` scaled to fit ``box`` (no larger than ``most``), at its top left (or
    centred, ``align="top-centre"``); returns where it went and the scale."""
    scale = fit_scale(view.width, view.height, box, most)
    x = box.x0 if align == "top-left" else box.x0 + (box.width - view.width * scale) / 2
    y = box.y1 - view.height * scale
    return page.place(view, x, y, scale, zorder=2), scale


# --------------------------------------------------------------------------- the deck
def build(deck: Deck, only: list[str] | None = None, progress: Progress | None = None,
          cancelled: Callable[[], bool] | None = None) -> list[Sketch]:
    """Every page of the deck, in :data:`PAGES` order (or only the builders named);
    ``progress(fraction, message)`` hears of each builder, ``cancelled()`` stops between
    them (raising :class:`Cancelled`)."""
    pages: list[Sketch] = []
    for i, (name, builder) in enumerate(PAGES):
        if only is None or name in only:
            _step(progress, cancelled, i / len(PAGES), f"laying out: {name}")
            pages += builder(deck)
    _number(pages, deck.date)
    return pages


def pdf_bytes(pages: list[Sketch], title: str, progress: Progress | None = None,
              cancelled: Callable[[], bool] | None = None) -> bytes:
    """The pages as one PDF, fonts embedded as TrueType, without a date (same deck, same
    file)."""
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    from .canvas import _rc

    buffer = io.BytesIO()
    with _rc(), PdfPages(buffer, metadata={"Title": title, "Creator": "journeymap",
                                           "CreationDate": None}) as pdf:
        for i, page in enumerate(pages):
            _step(progress, cancelled, i / len(pages), f"page {i + 1} of {len(pages)}")
            figure = Figure(figsize=(page.width / 72, page.height / 72), dpi=72,
                            facecolor=style.PAGE)
            figure.add_artist(page._scene())
            pdf.savefig(figure)
    return buffer.getvalue()


def png_paths(out: str | os.PathLike[str], count: int) -> list[Path]:
    """Where PNG pages go: ``FOLDER/slide-01.png`` … for a folder, ``NAME-01.png`` … beside
    ``NAME.png``."""
    out = Path(out)
    digits = max(2, len(str(count)))
    if out.suffix.lower() == ".png":
        return [out.with_name(f"{out.stem}-{i:0{digits}d}.png") for i in range(1, count + 1)]
    return [out / f"slide-{i:0{digits}d}.png" for i in range(1, count + 1)]


def save(pages: list[Sketch], out: str | os.PathLike[str], title: str,
         dpi: float = 150, progress: Progress | None = None,
         cancelled: Callable[[], bool] | None = None) -> list[Path]:
    """Write the deck: one PDF (``.pdf``), or a PNG per page (a folder, or ``NAME.png``);
    each file is written whole or not at all, and PNG pages only once all are drawn.
    Returns the files written."""
    from journeymap.model.fileformat import write_atomic

    out = Path(out)
    if out.suffix.lower() == ".pdf":
        data = pdf_bytes(pages, title, progress, cancelled)
        _step(progress, cancelled, 1.0, f"writing {out.name}")   # a late cancel still holds
        write_atomic(out, data)
        return [out]
    images = []
    for i, page in enumerate(pages):
        _step(progress, cancelled, i / len(pages), f"page {i + 1} of {len(pages)}")
        images.append(page.to_bytes("png", dpi))
    _step(progress, cancelled, 1.0, "writing the pages")
    if out.suffix.lower() != ".png":
        out.mkdir(exist_ok=True)
    paths = png_paths(out, len(pages))
    for data, path in zip(images, paths):
        write_atomic(path, data)
    return paths


def render_deck(journey: Journey, analysis: Any = None, measure: str | None = None,
                persona: str | None = None, by: str | None = None,
                compare: tuple[str, str] | None = None, date: str | None = None,
                progress: Progress | None = None,
                cancelled: Callable[[], bool] | None = None) -> list[Sketch]:
    """The deck's pages for ``journey`` and its ``analysis`` (None: the designers' emotion
    only)."""
    from . import evidence_of

    evidence = evidence_of(journey, analysis)
    if measure is None:
        measure = "friction" if evidence.has_feedback else "emotion"
    deck = Deck(journey, evidence, analysis, measure, persona, by, compare)
    if date:
        deck.date = date
    return build(deck, progress=progress, cancelled=cancelled)


# the standard pages, registered in order before any other module can add its own
from . import deck_evidence, deck_pages  # noqa: E402

for _name, _builder in (("cover", deck_pages.cover), ("overview", deck_pages.overview),
                        ("stages", deck_pages.stage_pages), ("ranking", deck_evidence.ranking),
                        ("heatmaps", deck_evidence.heatmaps),
                        ("curve", deck_evidence.emotion_curve),
                        ("comparison", deck_evidence.comparison)):
    add_page(_name, _builder)

# pages other modules bring (they place themselves with add_page)
from . import deck_decisions  # noqa: E402,F401  (key drivers, themes, opportunities)
from . import deck_paths  # noqa: E402,F401  (the most common paths)
