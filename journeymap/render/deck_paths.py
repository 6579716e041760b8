"""The deck's paths pages: the most common paths customers take, with the fitness of the
journey as walked to the journey as designed (from the analysis' event log); and, when the
deck compares two groups (``--by … --compare A B``), where they walk the journey differently,
in the words of ``journeymap paths --compare`` and the app's Compare tab."""

from __future__ import annotations

from . import fonts, style
from .canvas import Sketch
from .deck import Deck, add_page, frame, place_fitted

TOP = 8   # variants a slide holds readably
SENTENCE_SIZE = 13.0


def _walked(deck: Deck):
    """``(conformance, split)``: the analysis' event log as cases checked against the map,
    built once for both pages; split by the deck's ``by`` when it compares two groups (the
    whole log's variants and fitness are the same split or not), else, or when the log has
    no such column, whole. None without an event log or a case."""
    if "paths" in deck.shared:
        return deck.shared["paths"]
    analysis = deck.analysis
    found = None
    if analysis is not None and getattr(analysis, "has_events", False):
        from journeymap.analytics import SourceError
        from journeymap.analytics.caselog import case_log_from_tables, split_case_log
        from journeymap.analytics.conformance import conform

        by = deck.by or ""
        log, split = None, False
        if deck.compare is not None and by.startswith(("segment:", "period:")):
            try:
                log, split = split_case_log(analysis.tables, deck.journey, by), True
            except SourceError:    # the log has no such segment column: not split
                pass
        if log is None:
            log = case_log_from_tables(analysis.tables, deck.journey)
        found = (conform(log, deck.journey), split) if log.cases else None
    deck.shared["paths"] = found
    return found


def paths_page(deck: Deck) -> list[Sketch]:
    """The variants chart; nothing without an event log."""
    walked = _walked(deck)
    if walked is None:
        return []
    from journeymap.analytics.paths import variants

    from .flow import render_variants

    conformance = walked[0]
    log = conformance.log
    table = variants(log, top=TOP)
    rows = [{**row, "path": tuple(row["path"])} for row in table.to_dict("records")]
    fitness = conformance.overall_fitness()
    named = [r for r in rows if r["variant"]]
    covered = named[-1]["coverage"] if named else 0.0
    page, box = frame(deck, "How customers really walk the journey",
                      f"The {len(named)} most common of {table.attrs['variants']:,} paths cover "
                      f"{100 * covered:.0f}% of {log.cases:,} cases; fitness to the designed "
                      f"map {fitness:.2f} (1 = every step as designed)", scale=False)
    chart = render_variants(deck.journey, rows, int(table.attrs["variants"]), log.cases,
                            title=" ")
    place_fitted(page, chart, box, most=1.2, align="top-centre")
    return [page]


def paths_compare_page(deck: Deck) -> list[Sketch]:
    """The significant differences between the compared groups' paths, as ranked sentences
    (:func:`~journeymap.analytics.deltas.compare_paths`); nothing without an event log, or
    when the log does not hold both groups of the split."""
    walked = _walked(deck)
    if walked is None or not walked[1]:   # no log, no comparison, or the log lacks the column
        return []
    from journeymap.analytics.deltas import compare_paths

    by = deck.by or ""
    a, b = deck.compare
    found = compare_paths(deck.journey, by, a, b, conformance=walked[0])
    if (found.a, found.b) != (a, b):
        return []
    sizes = dict(found.groups)
    compared = 0 if found.deltas is None else len(found.deltas)
    page, box = frame(deck, f"Where {b} and {a} walk the journey differently",
                      f"{b}: {sizes[b]:,} cases; {a}: {sizes[a]:,} cases (each case in the "
                      f"group of its first event or start); {compared:,} shares compared",
                      legend=False)
    y = box.y1
    if found.problem:
        page.text(box.x0, y, found.problem, role="note", size=12, width=box.width,
                  max_lines=3, colour=style.MUTED)
        return [page]
    significant = found.deltas[found.deltas["significant"]]
    if not len(significant):
        page.text(box.x0, y, "No significant difference: every share is within what chance "
                  "would give (q ≥ 0.05).", role="note", size=12, width=box.width,
                  max_lines=2, colour=style.MUTED)
    pitch, lines = fonts.line_height(SENTENCE_SIZE), 2
    y -= 8
    shown = 0
    for number, row in enumerate(significant.itertuples(), 1):
        if y - lines * pitch < box.y0 + 30:   # the rest is named in the note below
            break
        page.text(box.x0, y, f"{number}.", role="value", size=SENTENCE_SIZE,
                  style="bold", colour=style.MUTED)
        drawn = page.text(box.x0 + 26, y, row.sentence, role="row-label",
                          size=SENTENCE_SIZE, width=box.width - 26, max_lines=lines,
                          key=row.source)
        y = drawn.box.y0 - 12
        shown = number
    more = len(significant) - shown
    page.text(box.x0, box.y0 + 4, (f"{more:,} more significant difference"
                                   f"{'s' if more != 1 else ''}: journeymap paths --by {by} "
                                   f"--compare {a} {b}. " if more > 0 else "")
              + f"q: p of the two-proportion z test adjusted for {compared:,} comparisons "
              "(Benjamini–Hochberg); significant: q < 0.05.", role="note", size=8,
              width=box.width, colour=style.MUTED, va="bottom")
    return [page]


add_page("paths", paths_page, after="heatmaps")
add_page("paths-compare", paths_compare_page, after="paths")
