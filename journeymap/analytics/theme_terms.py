"""The terms comment themes are made of and named by (:mod:`.themes`), learnt from the corpus.

A comment becomes words and two-word phrases: stop words of English and Portuguese left out (a
phrase spans one, as in "antes [do] prazo"), a negation kept only as a phrase's head ("não
recebi", "not working"), a plural folded into its singular where the corpus uses both ("bags"
→ "bag", "produtos" → "produto"), a word typed without accents into its accented spelling
("rapida" → "rápida").

**Generic terms** are learnt from the comments' document frequencies: a term used by at least
:data:`GENERIC_DF` of all comments that tells the touchpoints apart by less than
:data:`GENERIC_SPREAD` (the mutual information between using the term and the touchpoint, as a
share of the touchpoints' entropy: 0 means used alike everywhere) says nothing about any one
touchpoint: "flight" in airline tweets, "produto" in shop reviews, "impressed" in a survey's
free text. Generic words are left out, and so is a phrase holding one unless the phrase itself
is common and tells the touchpoints apart ("antes prazo" in the reviews, "customer service" in
the tweets). No list per data set: the same rule on any corpus. (A phrase counts as one only where its words come together at
least :data:`COLLOCATION` times as often as chance would put them in one comment.)

**Labels** (:func:`label_terms`) are a theme's most distinctive terms, in the manner of
class-based TF-IDF: the share of the theme's comments using a term, times log(1 + that share
over the share among all the touchpoint's comments), for terms used by at least
:data:`MIN_SUPPORT` of the theme's comments (and :data:`MIN_SUPPORT_COUNT`), so a name or a
typo in a few comments never names a theme. Terms sharing a word with one shown before are left
out, except that a phrase takes its word's place where at least half the comments using the
word say the phrase.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

#: Fewest comments of a touchpoint for it to count in learning generic terms (as for themes).
MIN_COMMENTS = 20
#: A label's term is used by at least this share of its theme's comments, and by at least
#: MIN_SUPPORT_COUNT of them.
MIN_SUPPORT = 0.05
MIN_SUPPORT_COUNT = 3
#: Generic: used by at least GENERIC_DF of all comments, spread below GENERIC_SPREAD.
GENERIC_DF = 0.01
GENERIC_SPREAD = 0.12
#: A phrase holding a generic word is said at least this many times as often as its words
#: would be by chance.
COLLOCATION = 2.0
#: A phrase's words are at most this far apart: one stop word between ("antes [do] prazo"),
#: not four ("idea [whether I'd been] charged").
PHRASE_GAP = 2
#: Words that turn the next one round: kept as a phrase's head, never a term alone.
NEGATIONS = frozenset("not no never nao não nem nunca sem".split())

#: Portuguese function words (scikit-learn ships English only), with and without accents,
#: since reviews are often typed without them.
PORTUGUESE = """
a à ao aos aquela aquelas aquele aqueles aquilo as às até com como da das de dela delas dele
deles depois do dos e é ela elas ele eles em entre era eram essa essas esse esses esta está
estão estas estava estavam este estes eu foi fomos for foram fosse fossem fui há isso isto já
lhe lhes mais mas me mesmo meu meus minha minhas muito muita muitos muitas na nas nem no nos
nós nossa nossas nosso nossos num numa o os ou para pela pelas pelo pelos por qual quando que
quem se seja sejam sem ser será seu seus só sua suas também te tem têm tinha tive tivemos
tiveram um uma umas uns você vocês vos ter ta tá pra pro pq q vc vcs nao não sim ja ate
esta estao voce voces tambem so entao então ainda bem bom boa dia dias porque pois assim
todo toda todos todas outro outra outros outras ate ai aí lá la aqui agora ser sido sendo
fez fazer feito fiz faz vai vou veio vem ficou fica estou estamos sou são sao
""".split()
#: Words of tweets and reviews that carry no theme: handles, links and filler.
NOISE = ["http", "https", "amp", "co", "rt", "dm", "im", "ive", "dont", "didnt", "cant",
         "doesnt", "isnt", "wasnt", "wont", "arent",
         "thanks", "thank", "please", "just", "get", "got", "us", "still", "now", "one",
         "would", "could", "really", "even", "ve", "ll", "re", "don", "didn", "doesn", "isn",
         "wasn", "won", "oh"]
_TOKEN = re.compile(r"(?u)\b[^\W\d_][^\W\d_]+\b")
_HANDLES = re.compile(r"@\w+|https?://\S+|#")
_NOT = re.compile(r"n't\b", re.IGNORECASE)


def stop_words() -> list[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return sorted(set(ENGLISH_STOP_WORDS) | set(PORTUGUESE) | set(NOISE))


def _words(text: str, stop: set[str]) -> list[str]:
    """Handles, links and hash signs out; "couldn't" reads "couldnt"; lower case; stop
    words (not negations) out."""
    return [w for w, _ in _placed(text, stop)]


def _placed(text: str, stop: set[str]) -> list[tuple[str, int]]:
    """:func:`_words` with each word's place among all the comment's words."""
    text = _NOT.sub("nt", _HANDLES.sub(" ", str(text).replace("’", "'"))).lower()
    return [(w, i) for i, w in enumerate(_TOKEN.findall(text)) if w not in stop]


@dataclass(frozen=True)
class Lexicon:
    """What the corpus taught: spellings to fold, generic terms, and the phrases with a generic
    word that are distinctive themselves (see the module docstring)."""

    spelling: dict[str, str] = field(default_factory=dict)
    generic: frozenset[str] = frozenset()
    distinct: frozenset[str] = frozenset()

    def analyser(self) -> Callable[[str], list[str]]:
        """A comment's terms (for scikit-learn's vectorisers' ``analyzer``)."""
        stop = set(stop_words()) - NEGATIONS
        fold, generic, distinct = self.spelling, self.generic, self.distinct

        def terms(text: str) -> list[str]:
            placed = [(fold.get(w, w), i) for w, i in _placed(text, stop)]
            out = [w for w, _ in placed if w not in NEGATIONS and w not in generic]
            for (a, i), (b, j) in zip(placed, placed[1:]):
                phrase = f"{a} {b}"
                if j - i > PHRASE_GAP or b in NEGATIONS or phrase in generic or (
                        (a in generic or b in generic) and phrase not in distinct):
                    continue
                out.append(phrase)
            return out
        return terms


def spellings(texts: Iterable[str]) -> dict[str, str]:
    """One spelling per word: a word typed without its accents reads as the accented
    spelling the texts use most ("rapida" → "rápida"), and a word ending in one s as its
    singular where the texts also use that at least a tenth as often and twice ("bags" →
    "bag"; not "apenas" → "apena" for one typo, nor "miss" → "mis")."""
    import unicodedata
    from collections import Counter

    stop = set(stop_words()) - NEGATIONS
    seen = Counter(w for t in texts for w in _words(t, stop))

    def bare(word: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFKD", word)
                       if not unicodedata.combining(c))

    spelt: dict[str, str] = {}   # the most used spelling of each bare word, accents on a tie
    for w, _ in sorted(seen.items(), key=lambda item: (-item[1], bare(item[0]) == item[0],
                                                       item[0])):
        spelt.setdefault(bare(w), w)
    fold = {w: spelt[bare(w)] for w in seen if spelt[bare(w)] != w}
    for w, n in seen.items():
        one = fold.get(w, w)
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss") and \
                seen.get(w[:-1], 0) >= max(2, n / 10):
            one = fold.get(w[:-1], w[:-1])
        if one != w:
            fold[w] = one
    return fold


def learn(groups: list[list[str]]) -> Lexicon:
    """The :class:`Lexicon` of a corpus of comments grouped by touchpoint: generic terms need
    two groups of :data:`MIN_COMMENTS` or more to tell apart (else none)."""
    from sklearn.feature_extraction.text import CountVectorizer

    texts = [str(c) for g in groups for c in g]
    spelling = spellings(texts)
    groups = [g for g in groups if len(g) >= MIN_COMMENTS]
    if len(groups) < 2:
        return Lexicon(spelling)
    texts = [str(c) for g in groups for c in g]
    sizes = np.array([len(g) for g in groups], dtype=float)
    counter = CountVectorizer(analyzer=Lexicon(spelling).analyser(), binary=True,
                              min_df=max(2, int(np.ceil(GENERIC_DF * len(texts)))))
    try:
        matrix = counter.fit_transform(texts).tocsr()
    except ValueError:  # no term common enough
        return Lexicon(spelling)
    edges = np.concatenate([[0], np.cumsum(sizes).astype(int)])
    per_group = np.vstack([np.asarray(matrix[a:b].sum(axis=0)).ravel()
                           for a, b in zip(edges[:-1], edges[1:])])     # groups × terms
    prior = sizes / sizes.sum()
    entropy = float(-(prior * np.log(prior)).sum())
    share = per_group / np.maximum(per_group.sum(axis=0), 1)             # p(group | term)
    with np.errstate(divide="ignore", invalid="ignore"):
        kl = np.where(share > 0, share * np.log(share / prior[:, None]), 0.0).sum(axis=0)
    spread = kl / entropy
    terms = [str(t) for t in counter.get_feature_names_out()]
    generic = frozenset(t for t, s in zip(terms, spread) if s < GENERIC_SPREAD)
    # a phrase with a generic word must tell the touchpoints apart and be a phrase: its
    # words said together more often than chance ("antes prazo"), not a topical word next to
    # filler ("declined tbh")
    df = dict(zip(terms, per_group.sum(axis=0) / len(texts)))
    distinct = frozenset(t for t, s in zip(terms, spread) if s >= GENERIC_SPREAD and " " in t
                         and df[t] >= COLLOCATION * np.prod([df.get(w, GENERIC_DF)
                                                             for w in t.split()]))
    return Lexicon(spelling, generic, distinct)


def label_terms(matrix, members: np.ndarray, terms, count: int = 6) -> list[str]:
    """The terms that name a theme (see the module docstring): ``matrix`` is the touchpoint's
    comments × terms (any weights: only use counts), ``members`` the theme's rows."""
    used = (matrix > 0).astype(np.float64)
    inside = np.asarray(used[members].sum(axis=0)).ravel()
    overall = np.asarray(used.sum(axis=0)).ravel()
    size, total = len(members), used.shape[0]
    share_in, share_all = inside / max(size, 1), overall / max(total, 1)
    support = max(MIN_SUPPORT_COUNT, MIN_SUPPORT * size)
    score = np.where(inside >= support,
                     share_in * np.log1p(share_in / np.maximum(share_all, 1e-12)), -1.0)
    phrase = np.array([" " in str(t) for t in terms])
    # on a tie (the same comments say both) the phrase first: "no idea" before "idea"
    order = [i for i in np.lexsort((np.arange(len(score)), ~phrase, -score)) if score[i] > 0]
    support_of = {str(terms[i]): float(inside[i]) for i in order}
    return keywords([str(terms[i]) for i in order], support_of)[:count]


def keywords(terms: list[str], support: dict[str, float] | None = None) -> list[str]:
    """Strongest terms first, leaving out a term that shares a word with one kept before it,
    except that a phrase takes the place of the single words it shares ("customer",
    "service" → "customer service") when at least half the comments using each word say the
    phrase (with ``support``, comments per term)."""
    out: list[str] = []
    for term in terms:
        words = set(term.split())
        shared = [i for i, kept in enumerate(out) if words & set(kept.split())]
        if not shared:
            out.append(term)
        elif support and len(words) > 1 and all(out[i] in words for i in shared) and all(
                support.get(term, 0.0) >= 0.5 * support.get(out[i], np.inf) for i in shared):
            out[shared[0]] = term
            out = [k for j, k in enumerate(out) if j not in shared[1:]]
    return out


__all__ = ["GENERIC_DF", "GENERIC_SPREAD", "MIN_SUPPORT", "NEGATIONS", "Lexicon", "keywords",
           "label_terms", "learn", "spellings", "stop_words"]
