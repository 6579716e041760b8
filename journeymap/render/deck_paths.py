"""The deck's paths page: the most common paths customers take, with the fitness of the
journey as walked to the journey as designed (from the analysis' event log)."""

from __future__ import annotations

from .canvas import Sketch
from .deck import Deck, add_page, frame, place_fitted

TOP = 8   # variants a slide holds readably


def paths_page(deck: Deck) -> list[Sketch]:
    """The variants chart; nothing without an event log."""
    analysis = deck.analysis
    if analysis is None or not getattr(analysis, "has_events", False):
        return []
    from journeymap.analytics.caselog import case_log_from_tables
    from journeymap.analytics.conformance import conform
    from journeymap.analytics.paths import variants

    from .flow import render_variants

    log = case_log_from_tables(analysis.tables, deck.journey)
    if not log.cases:
        return []
    table = variants(log, top=TOP)
    rows = [{**row, "path": tuple(row["path"])} for row in table.to_dict("records")]
    fitness = conform(log, deck.journey).overall_fitness()
    named = [r for r in rows if r["variant"]]
    covered = named[-1]["coverage"] if named else 0.0
    page, box = frame(deck, "How customers really walk the journey",
                      f"The {len(named)} most common of {table.attrs['variants']:,} paths cover "
                      f"{100 * covered:.0f}% of {log.cases:,} cases; fitness to the designed "
                      f"map {fitness:.2f} (1 = every step as designed)")
    chart = render_variants(deck.journey, rows, int(table.attrs["variants"]), log.cases,
                            title=" ")
    place_fitted(page, chart, box, most=1.2, align="top-centre")
    return [page]


add_page("paths", paths_page, after="heatmaps")
