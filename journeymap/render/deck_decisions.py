"""The deck's decision pages (:mod:`.deck`): what drives the overall outcome (the key-driver
quadrant), what customers say where it hurts most (comment themes) and what to do first
(the opportunities ranked by priority, with their evidence). Each page is left out when its
data is missing: no wide survey with an outcome column, no comments, no opportunities."""

from __future__ import annotations

from typing import Any

from . import style
from .canvas import Sketch
from .deck import Deck, add_page, frame, place_fitted
from .drivers import DOT

#: How many of the hottest touchpoints the themes page covers, and themes each.
THEMED_TOUCHPOINTS = 3
THEMES_EACH = 3
RESAMPLES = 300


def _drivers_of(deck: Deck) -> Any:
    """The key drivers of the likeliest outcome column of the analysed wide sources, or None."""
    analysis = deck.analysis
    if analysis is None or getattr(analysis, "base_dir", None) is None:
        return None
    from journeymap.analytics.drivers import (OUTCOME_WORDS, drivers_for_journey,
                                              outcome_candidates)

    sources = [t.source for t in analysis.tables if t.source.layout == "wide"
               and t.source.role == "feedback"]
    if not sources:
        return None
    found = outcome_candidates(deck.journey, sources, analysis.base_dir)
    named = [(c, v) for c, v in found if any(w in c.casefold() for w in OUTCOME_WORDS)]
    if not named:
        return None
    column, values = named[0]
    positive = None
    if len(values) == 2:
        good = [v for v in values if v.casefold() in ("satisfied", "yes", "true", "1",
                                                      "renewed", "promoter")]
        positive = good[0] if good else values[-1]
    try:
        return drivers_for_journey(deck.journey, sources, column, positive,
                                   analysis.base_dir, resamples=RESAMPLES)[0]
    except (ValueError, OSError, LookupError):
        return None
    except Exception as exc:  # a SourceError: the page is left out, the deck still made
        if type(exc).__name__ == "SourceError":
            return None
        raise


def drivers_page(deck: Deck) -> list[Sketch]:
    """The importance × performance quadrant of the key drivers."""
    from .drivers import heading, render_drivers

    found = _drivers_of(deck)
    if found is None:
        return []
    top = found.touchpoints.head(2)
    lead = " and ".join(top["label"])
    page, box = frame(deck, heading(found),
                      f"{lead} explain most of it; fix first what matters and underperforms "
                      f"(Johnson's relative weights, {found.n:,} respondents)",
                      measure="friction", scale=False, defines=())  # ratings, not friction
    # the page's title is the figure's heading: the figure does not repeat it
    place_fitted(page, render_drivers(found, deck.journey.title, titled=False), box, most=1.2,
                 align="top-centre")
    return [page]


def themes_page(deck: Deck) -> list[Sketch]:
    """What customers say at the hottest touchpoints: their comment themes with counts,
    the share negative and a quote."""
    analysis = deck.analysis
    ranking = getattr(analysis, "friction_ranking", None)
    rows = getattr(analysis, "rows", None)
    if ranking is None or rows is None or "comment" not in rows or not len(ranking):
        return []
    from journeymap.analytics.themes import analysis_themes

    hottest = list(ranking["touchpoint"].head(THEMED_TOUCHPOINTS * 2))
    table = analysis_themes(analysis, max_themes=THEMES_EACH, touchpoints=hottest)
    if not len(table):
        return []
    chosen = [k for k in hottest if k in set(table["touchpoint"])][:THEMED_TOUCHPOINTS]
    page, box = frame(deck, "What customers say where it hurts",
                      "Recurring themes in the comments at the touchpoints with the most "
                      "friction: how many comments, how many of them negative, in their words",
                      measure="friction", scale=False)
    width = (box.width - 2 * 16) / len(chosen)
    for i, key in enumerate(chosen):
        part = table[table["touchpoint"] == key]
        x, y = box.x0 + i * (width + 16), box.y1 - 2
        head = page.text(x, y, part["label"].iloc[0], role="heading", size=11, style="bold",
                         width=width, max_lines=2, key=key)
        y = head.box.y0 - 2
        page.text(x, y, f"{int(part['comments'].iloc[0]):,} comments", role="note", size=8,
                  colour=style.MUTED)
        y -= 18
        for row in part.itertuples():
            negative = "" if row.negative_share != row.negative_share else \
                f" · {row.negative_share:.0%} negative"
            share = max(0.0, min(1.0, float(row.share)))
            page.rect(x, y - 9, width * share, 7, face="#fdd0a2" if negative and
                      row.negative_share > 0.5 else "#c6dbef", zorder=2)
            title = page.text(x, y - 12, f"{row.theme}", role="theme", size=9.5,
                              style="bold", width=width, max_lines=2)
            y = title.box.y0 - 1
            count = page.text(x, y, f"{row.count:,} comments ({row.share:.0%}){negative}",
                              role="theme-count", size=8, colour=style.MUTED, width=width)
            y = count.box.y0 - 2
            if row.quote_1:
                quote = page.text(x + 6, y, f"“{row.quote_1}”", role="quote", size=8.5,
                                  style="italic", width=width - 6, max_lines=3,
                                  colour=style.INK)
                y = quote.box.y0
            y -= 12
            if y < box.y0 + 30:
                break
    return [page]


def opportunities_page(deck: Deck) -> list[Sketch]:
    """What to do first: the open opportunities ranked by priority, with the evidence of
    their touchpoints."""
    journey = deck.journey
    if not journey.opportunities:
        return []
    from journeymap.analytics.opportunities import opportunity_table

    table = opportunity_table(journey, deck.analysis)
    table = table[~table["status"].isin(["done", "dropped"])]
    if not len(table):
        return []
    page, box = frame(deck, "What to do first",
                      "Opportunities by priority = (customer value + business value) × "
                      "confidence ÷ effort, with the evidence of the touchpoints they change",
                      measure="friction", scale=False)
    row_h, head, note = 30.0, 16.0, 20.0
    closed = len(journey.opportunities) - len(table)  # done and dropped: not on the page
    count = min(len(table), int((box.height - head) // row_h))
    if count < len(table) or closed:  # a line says what is left out: room for it
        count = min(len(table), int((box.height - head - note) // row_h))
    x_rank, x_title, x_bar = box.x0, box.x0 + 22, box.x0 + 372
    bar_w = 120.0
    x_status, x_evidence = x_bar + bar_w + 44, x_bar + bar_w + 112
    y = box.y1
    for x, text in ((x_rank, "#"), (x_title, "Opportunity · touchpoints"),
                    (x_bar, "Priority (0–10)"), (x_status, "Status"),
                    (x_evidence, "Evidence (linked touchpoints)")):
        page.text(x, y, text, role="column", size=8, style="bold", colour=style.MUTED)
    y -= head
    for row in table.head(count).to_dict("records"):
        mid = y - row_h / 2
        page.text(x_rank, mid + 5, str(row["rank"]), role="rank", size=9, style="bold",
                  va="center")
        page.text(x_title, mid + 5, row["title"], role="row-label", size=9, style="bold",
                  va="center", width=x_bar - x_title - 12, key=row["id"])
        page.text(x_title, mid - 7, row["touchpoints"] + (f" · {row['owner']}"
                                                          if row["owner"] else ""),
                  role="row-detail", size=7.5, va="center", width=x_bar - x_title - 12,
                  colour=style.MUTED)
        priority = row["priority"]
        if priority == priority:
            page.rect(x_bar, mid - 4, bar_w * min(priority, 10) / 10, 10,
                      face=DOT["keep it up"], zorder=3)
            page.text(x_bar + bar_w + 6, mid + 1, f"{priority:.1f}", role="value", size=9,
                      style="bold", va="center")
        else:
            page.text(x_bar, mid + 1, "not scored", role="value", size=8, va="center",
                      style="italic", colour=style.MUTED)
        page.text(x_status, mid + 1, row["status"], role="status", size=8.5, va="center")
        page.text(x_evidence, mid + 1, row["evidence"], role="evidence", size=8, va="center",
                  width=box.x1 - x_evidence, max_lines=2, colour=style.INK)
        page.line([(box.x0, y - row_h), (box.x1, y - row_h)], colour="#eceef1", width=0.5,
                  zorder=1)
        y -= row_h
    rest = len(table) - count
    left_out = [f"+ {rest} more open"] if rest else []
    left_out += [f"{closed} done or dropped"] if closed else []
    if left_out:
        page.text(box.x0, y - 6, f"{' and '.join(left_out)}: journeymap opportunities lists "
                  "them all (CSV and Excel for a backlog tool)", role="note", size=8,
                  style="italic", colour=style.MUTED)
    return [page]


add_page("drivers", drivers_page, after="ranking")
add_page("themes", themes_page, after="drivers")
add_page("opportunities", opportunities_page)
