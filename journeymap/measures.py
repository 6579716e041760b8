"""The measures journeymap shows, defined once: names, one-sentence definitions, ranges and
colour scales, shared by the analytics, the rendered figures, the canvas and the command line.

Pure Python on purpose (no pandas, matplotlib or Qt), so the app can colour its cards before
the heavy libraries have loaded.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Below this many responses a number is flagged as a small sample (hatched or faded).
SMALL_SAMPLE = 30

#: Colour-blind-safe sequential scale for "how much it hurts" (light = calm, dark = hot):
#: the yellow→orange→red ramp of ColorBrewer YlOrRd, readable for deuteranopes and in grey.
HEAT_STOPS = ("#ffffcc", "#fed976", "#fd8d3c", "#e31a1c", "#800026")
#: Colour-blind-safe diverging scale for scores with a bad and a good end (bad = orange,
#: neutral = near white, good = blue): ColorBrewer PuOr turned so that blue is good.
DIVERGING_STOPS = ("#b35806", "#f1a340", "#f7f7f7", "#998ec3", "#542788")
#: Where there is no data at all.
NO_DATA = "#d9d9d9"


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    definition: str          # one sentence, shown in tooltips and legends
    low: float               # the scale's ends for colouring
    high: float
    higher_is_worse: bool     # friction, CES and complaints: high is bad
    unit: str = ""
    diverging: bool = False

    def stops(self) -> tuple[str, ...]:
        """Colour stops from ``low`` to ``high``; the bad end is always the warm one."""
        if self.diverging:
            return DIVERGING_STOPS if not self.higher_is_worse else DIVERGING_STOPS[::-1]
        return HEAT_STOPS if self.higher_is_worse else HEAT_STOPS[::-1]

    def fraction(self, value: float) -> float:
        """Where ``value`` sits on the colour scale, 0..1 (clipped)."""
        if self.high == self.low:
            return 0.0
        return min(1.0, max(0.0, (value - self.low) / (self.high - self.low)))

    def colour(self, value: float | None) -> str:
        """The hex colour of ``value`` on this measure's scale (grey where there is no data)."""
        if value is None or value != value:  # None or NaN
            return NO_DATA
        return interpolate(self.stops(), self.fraction(value))

    def format(self, value: float | None) -> str:
        if value is None or value != value:
            return "–"
        if self.key == "friction":
            return f"{value:.2f}"
        if self.unit == "%":
            return f"{value:.0f}%"
        if self.key == "nps":
            return f"{value:+.0f}"
        if self.key == "volume":
            return f"{value:,.0f}"
        return f"{value:.1f}"


FRICTION = Measure(
    "friction", "Friction",
    "Friction is the share of scored responses at a touchpoint with at least one negative "
    "answer (an NPS of 0–6, a CSAT of 1–2, a CES of 5–7, a rating in the bottom 40% of its "
    "scale, negative sentiment or a complaint): 0 means none, 1 means all.",
    0.0, 1.0, higher_is_worse=True)

#: When the analytics flag the workshop's emotion as contradicted by the data (tooltips,
#: legends, README). The precise rule is ``journeymap.analytics.analysis._emotion_check``.
EMOTION_DISAGREEMENT = (
    "Flagged where the workshop scored the moment good (+1 or more) but its friction is "
    "clearly above the journey's typical friction (the whole 95% interval above the median "
    "friction of the touchpoints with enough answers), or bad (−1 or less) but clearly "
    "below it.")

MEASURES: dict[str, Measure] = {m.key: m for m in (
    FRICTION,
    Measure("nps", "NPS",
            "Net Promoter Score: the percentage of promoters (9–10) minus the percentage of "
            "detractors (0–6) among 0–10 answers to 'how likely are you to recommend us'.",
            -100.0, 100.0, higher_is_worse=False, diverging=True),
    Measure("csat", "CSAT",
            "Customer satisfaction: the percentage of 1–5 answers that are 4 or 5.",
            0.0, 100.0, higher_is_worse=False, unit="%"),
    Measure("ces", "CES",
            "Customer effort score: the mean of 1–7 answers to how hard it was "
            "(1 very easy, 7 very hard).",
            1.0, 7.0, higher_is_worse=True),
    Measure("rating", "Rating",
            "The mean rating on the source's declared scale, as a share of that scale "
            "(0 = its lowest, 1 = its highest); 'not applicable' answers left out.",
            0.0, 1.0, higher_is_worse=False),
    Measure("sentiment", "Sentiment",
            "Net sentiment: the share of positive comments minus the share of negative ones, "
            "from −1 (all negative) to +1 (all positive).",
            -1.0, 1.0, higher_is_worse=False, diverging=True),
    Measure("volume", "Volume",
            "How many responses (or, with an event log, customers) reached the touchpoint.",
            0.0, 1.0, higher_is_worse=True),
    Measure("emotion", "Designer's emotion",
            "The workshop's score of how the moment feels, from −2 (very bad) to +2 "
            "(very good), before any data.",
            -2.0, 2.0, higher_is_worse=False, diverging=True),
)}


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def interpolate(stops: tuple[str, ...], t: float) -> str:
    """The colour at ``t`` (0..1) along evenly spaced ``stops``, as ``#rrggbb``."""
    t = min(1.0, max(0.0, t))
    pos = t * (len(stops) - 1)
    i = min(int(pos), len(stops) - 2)
    f = pos - i
    a, b = _rgb(stops[i]), _rgb(stops[i + 1])
    return "#" + "".join(f"{round(x + (y - x) * f):02x}" for x, y in zip(a, b))


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on ``background``."""
    r, g, b = _rgb(background)
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if luminance > 140 else "#ffffff"
