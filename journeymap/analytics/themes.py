"""Comment themes: what customers keep saying at each touchpoint, found offline.

At each touchpoint with enough comments, the comments are turned into TF-IDF vectors of words
and two-word phrases (common words of English and Portuguese, and the terms generic in this
corpus, left out: :mod:`.theme_terms`), and a non-negative matrix factorisation (NMF) finds a
few themes: groups of words that occur together. Each comment belongs to the theme that weighs
most in it. A theme is named by its three most distinctive terms (:func:`.theme_terms.
label_terms`) and reported with its count, the share of its comments that came with a negative
answer (the friction rule: a low score, a detractor, negative sentiment or a complaint) and the
two comments that express it most clearly.

Deterministic: NMF starts from an SVD (``init="nndsvd"``) with a fixed ``random_state``, and
ties are broken by row order, so the same comments give the same themes on every machine.
Comments of wide sources (one row per respondent) belong to the respondent, not to each rated
touchpoint, so they are left out of the touchpoints' themes.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

import numpy as np
import pandas as pd

from journeymap.model import Journey

from .theme_terms import Lexicon, label_terms, learn, stop_words
from .theme_terms import MIN_COMMENTS
from .theme_terms import keywords as _keywords

#: Fewest comments at a touchpoint for themes (:data:`MIN_COMMENTS`, the same as for
#: learning the corpus's words); more comments allow more themes.
COMMENTS_PER_THEME = 30
MAX_THEMES = 5
SEED = 0
QUOTE_LENGTH = 220

def themes_of(comments: list[str], negative: np.ndarray | None = None,
              max_themes: int = MAX_THEMES, seed: int = SEED,
              lexicon: Lexicon | None = None) -> list[dict[str, Any]]:
    """Themes of one group of comments (see the module docstring): a list of
    ``{"theme", "keywords", "count", "share", "negative_share", "quotes"}``, most
    frequent first. ``negative[i]`` says whether comment i came with a negative answer
    (NaN: not scored); ``lexicon`` is what the whole corpus taught (:func:`.theme_terms.
    learn`: its generic terms are left out), by default what these comments alone teach."""
    from sklearn.decomposition import NMF
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [str(c).strip() for c in comments]
    if len(texts) < MIN_COMMENTS:
        return []
    count = min(max_themes, max(1, len(texts) // COMMENTS_PER_THEME))
    lexicon = lexicon or learn([texts])
    vectorizer = TfidfVectorizer(analyzer=lexicon.analyser(), min_df=2, max_df=0.6,
                                 max_features=4000, sublinear_tf=True, dtype=np.float64)
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # nothing left after the stop words
        return []
    count = min(count, matrix.shape[1])
    if count < 1 or matrix.nnz == 0:
        return []
    model = NMF(n_components=count, init="nndsvd", random_state=seed, max_iter=400)
    with warnings.catch_warnings():
        # stopping at max_iter short of the tolerance changes the themes too little to
        # matter, and the result is as deterministic either way
        warnings.simplefilter("ignore", ConvergenceWarning)
        # a perfect fit leaves a residual of -1e-16 whose square root scikit-learn takes
        warnings.filterwarnings("ignore", "invalid value encountered in sqrt", RuntimeWarning)
        weights = model.fit_transform(matrix)
    terms = vectorizer.get_feature_names_out()
    strongest = weights.max(axis=1)
    theme = np.where(strongest > 0, weights.argmax(axis=1), -1)
    negative = (np.full(len(texts), np.nan) if negative is None
                else np.asarray(negative, dtype=float))
    found = []
    for k in range(count):
        members = np.flatnonzero(theme == k)
        if not len(members):
            continue
        keywords = label_terms(matrix, members, terms)
        if not keywords:  # no term used widely enough: the factorisation's strongest
            order = np.argsort(-model.components_[k], kind="stable")
            keywords = _keywords([str(terms[i]) for i in order[:12]])
        said = negative[members]
        scored = said[~np.isnan(said)]
        share_negative = float(scored.mean()) if len(scored) else np.nan
        # the clearest examples: in the theme's own tone (negative where most of its comments
        # are), with most of their weight in it, distinct
        purity = weights[members, k] / np.maximum(weights[members].sum(axis=1), 1e-12)
        tone = (np.zeros(len(members)) if share_negative != share_negative
                else (np.nan_to_num(said, nan=0.5) >= 0.5) != (share_negative >= 0.5))
        rank = np.lexsort((members, -purity, -weights[members, k], tone))
        quotes: list[str] = []
        seen: list[str] = []
        for i in members[rank]:
            text = " ".join(texts[i].split())
            if len(text) > QUOTE_LENGTH:
                text = text[:QUOTE_LENGTH - 1].rstrip() + "…"
            key = " ".join(re.findall(r"\w+", text.casefold()))
            if any(key in other or other in key for other in seen):
                continue  # the same words again (another capitalisation, a smiley)
            seen.append(key)
            quotes.append(text)
            if len(quotes) == 2:
                break
        found.append({"theme": " · ".join(keywords[:3]), "keywords": keywords[:6],
                      "count": int(len(members)), "share": len(members) / len(texts),
                      "negative_share": share_negative,
                      "quotes": quotes})
    found.sort(key=lambda t: (-t["count"], t["theme"]))
    return found


#: The lexicon last learnt per rows table (the app asks for one card's themes at a time):
#: (rows, the wide sources left out) -> Lexicon, forgotten with the table.
_LEXICONS: dict[int, tuple[Any, frozenset[str], Lexicon]] = {}


def _lexicon_of(rows: pd.DataFrame, chosen: pd.DataFrame, wide: frozenset[str]) -> Lexicon:
    """What every touchpoint's comments teach (:func:`.theme_terms.learn`), whichever
    touchpoints are asked for; learnt once per rows table."""
    import weakref

    held = _LEXICONS.get(id(rows))
    if held is not None and held[0]() is rows and held[1] == wide:
        return held[2]
    lexicon = learn([g["comment"].astype(str).tolist()
                     for _, g in chosen.groupby("touchpoint", sort=True)])
    key = id(rows)
    _LEXICONS[key] = (weakref.ref(rows, lambda _, k=key: _LEXICONS.pop(k, None)), wide, lexicon)
    return lexicon


def touchpoint_themes(journey: Journey, rows: pd.DataFrame, wide_sources: set[str] = frozenset(),
                      max_themes: int = MAX_THEMES, touchpoints: list[str] | None = None
                      ) -> pd.DataFrame:
    """Themes per touchpoint from feedback ``rows`` (an analysis's rows, with ``comment``):
    one row per theme with touchpoint, label, theme, keywords, count, share, negative_share,
    quote_1, quote_2 and comments (the touchpoint's comments), in journey order."""
    columns = ["touchpoint", "label", "rank", "theme", "keywords", "count", "share",
               "negative_share", "quote_1", "quote_2", "comments"]
    if "comment" not in rows or not len(rows):
        return pd.DataFrame(columns=columns)
    text = rows["comment"].astype(object)
    has = text.notna() & (text.astype(str).str.strip() != "")
    if wide_sources and "source" in rows:
        has &= ~rows["source"].astype(str).isin(wide_sources)
    chosen = rows[has]
    lexicon = _lexicon_of(rows, chosen, frozenset(wide_sources))
    records = []
    for tp in journey.touchpoints():
        if touchpoints is not None and tp.id not in touchpoints:
            continue
        part = chosen[chosen["touchpoint"] == tp.id]
        if not len(part):
            continue
        scored = part["scored"].to_numpy(bool) if "scored" in part else np.ones(len(part), bool)
        negative = np.where(scored, part["negative"].to_numpy(float), np.nan) \
            if "negative" in part else None
        for rank, found in enumerate(themes_of(part["comment"].astype(str).tolist(), negative,
                                               max_themes, lexicon=lexicon), start=1):
            quotes = found["quotes"] + ["", ""]
            records.append({"touchpoint": tp.id, "label": tp.label, "rank": rank,
                            "theme": found["theme"], "keywords": ", ".join(found["keywords"]),
                            "count": found["count"], "share": found["share"],
                            "negative_share": found["negative_share"], "quote_1": quotes[0],
                            "quote_2": quotes[1], "comments": len(part)})
    return pd.DataFrame(records, columns=columns)


def analysis_themes(analysis: Any, max_themes: int = MAX_THEMES,
                    touchpoints: list[str] | None = None) -> pd.DataFrame:
    """:func:`touchpoint_themes` of an :class:`~.analysis.Analysis`."""
    wide = {t.source.id for t in analysis.tables if t.source.layout == "wide"}
    return touchpoint_themes(analysis.journey, analysis.rows, wide, max_themes, touchpoints)


__all__ = ["MIN_COMMENTS", "analysis_themes", "stop_words", "themes_of", "touchpoint_themes"]
