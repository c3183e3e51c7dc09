"""`explain`: which words, and which sentence pair, drive a pair's contradiction score.

Occlusion: each word of either side is dropped in turn and the pair scored again; a word's
weight is how much ``p_contradiction`` falls without it (negative: the pair looks *more*
contradictory without it). Statements of several sentences also get every sentence pair of
the two sides scored, and the most contradictory one kept. All variants of all pairs go to the
scorer in one ``score_pairs`` call, so batches are full and length-sorted together.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .checks import FUNCTION_WORDS, check_positive_int

__all__ = ["Explanation", "explain", "explanation_frame", "sentences", "words"]

# A word: a dotted abbreviation ("U.S."), or letters and digits with inner apostrophes, hyphens
# and dots ("Pyongyang's", "gangster-like", "2.5").
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|\w+(?:['’.-]\w+)*")
# A piece of `split_sentences` with fewer words than this ("U.S." cut off by its dot) joins the next.
_MIN_SENTENCE_WORDS = 3
# Function words left out of the occlusion by default (weight NaN): dropping them rarely moves the
# score and costs a forward pass each. Negations are not among them.
STOPWORDS = FUNCTION_WORDS
# What a hub id looks like ("owner/name"): only such names, or folders, are loaded from df.attrs.
_HUB_ID = re.compile(r"[\w.-]+/[\w.-]+")
# Sentence pairs scored per pair at most (the first sentences of each side beyond that are kept).
MAX_SENTENCES = 8
# Above this many variants in one call, explain shows a progress bar by default.
PROGRESS_MIN_VARIANTS = 2000


@dataclass
class Explanation:
    """Why one pair scored as it did.

    Attributes:
        text_a, text_b: The pair.
        p_contradiction: Its score, recomputed with the variants (same scorer).
        words: One row per word of both sides: ``side`` (``"a"``/``"b"``), ``word``, ``start``,
            ``end`` (offsets in that side's text) and ``weight`` (``p_contradiction`` minus the
            score without the word; NaN for a side's only word and for skipped function words).
        sentence_a, sentence_b: For statements of several sentences, the most contradictory
            sentence pair (else None), scored ``p_sentences``.
        row: The pair's row label in the frame it came from (None for plain pairs).
    """

    text_a: str
    text_b: str
    p_contradiction: float
    words: pd.DataFrame
    sentence_a: str | None = None
    sentence_b: str | None = None
    p_sentences: float | None = None
    row: Any = None

    def top_words(self, n: int = 5, side: str | None = None) -> pd.DataFrame:
        """The ``n`` words that raise the score most (of one side, or both)."""
        chosen = self.words if side is None else self.words[self.words["side"] == side]
        return chosen.dropna(subset=["weight"]).sort_values("weight", ascending=False, kind="stable").head(n)


def words(text: str) -> list[tuple[str, int, int]]:
    """The words of ``text`` with their offsets: ``[(word, start, end), ...]``."""
    return [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]


def sentences(text: str) -> list[str]:
    """`framing.inference.split_sentences`, with fragments of one or two words joined to the next piece
    and a piece that starts in lower case joined to the one before (a cut after "U.S.")."""
    from .inference import split_sentences

    out: list[str] = []
    carry = ""
    for piece in split_sentences(text):
        if out and not carry and piece[:1].islower():  # "... on the U.S." | "side by ...": one sentence
            carry = out.pop()
        piece = f"{carry} {piece}".strip() if carry else piece
        if len(words(piece)) < _MIN_SENTENCE_WORDS:
            carry = piece
            continue
        out.append(piece)
        carry = ""
    if carry:
        if out:
            out[-1] = f"{out[-1]} {carry}"
        else:
            out.append(carry)
    return out or [text]


def _without(text: str, start: int, end: int) -> str:
    """``text`` with ``text[start:end]`` cut out and the gap closed."""
    return re.sub(r"\s{2,}", " ", (text[:start] + text[end:])).strip()


def _pairs(data: Any, top: int) -> tuple[list[tuple[str, str]], list[Any]]:
    """The first ``top`` pairs of a frame with text_a/text_b, or of a sequence of pairs."""
    if isinstance(data, pd.DataFrame):
        missing = [c for c in ("text_a", "text_b") if c not in data.columns]
        if missing:
            raise ValueError(
                f"explain expected a frame with columns text_a and text_b (framing.compare's result), got "
                f"{list(data.columns)}. Pass compare's DataFrame or a list of (text_a, text_b) pairs."
            )
        head = data.head(top)
        return list(zip(head["text_a"].astype(str), head["text_b"].astype(str))), list(head.index)
    pairs = []
    for i, pair in enumerate(list(data)[:top]):
        if (not isinstance(pair, (tuple, list)) or len(pair) != 2
                or not all(isinstance(t, str) and t.strip() for t in pair)):
            raise ValueError(
                f"explain expected pairs of two non-empty strings, got {pair!r:.80} at position {i}. "
                "Pass [(text_a, text_b), ...] or framing.compare's DataFrame."
            )
        pairs.append((pair[0], pair[1]))
    return pairs, [None] * len(pairs)


def _scorer(data: Any, detector: Any) -> Any:
    """The scorer: the model that scored ``data`` (``df.attrs["model"]`` or its ``model`` column),
    or ``detector`` when it is that model; the default model for plain pairs only.

    A frame is never explained by another model than the one that scored it: weights from
    another model would explain scores the frame does not hold.
    """
    from pathlib import Path

    from .frames import frame_model
    from .resolve import default_model, model_name, resolve_scorer, scorer_name

    expected, where = frame_model(data) if isinstance(data, pd.DataFrame) else (None, "")
    if detector is None:
        if expected is None:
            if isinstance(data, pd.DataFrame):
                warnings.warn(
                    "explain expected a frame that names the model that scored it (df.attrs['model'] or a 'model' "
                    f"column), got neither; explaining with the default model ({default_model()}). Pass detector= "
                    "the model that scored these pairs.", UserWarning, stacklevel=3)
            return resolve_scorer(None, None)
        problem = "not a model folder or hub id"
        if Path(expected).expanduser().is_dir() or _HUB_ID.fullmatch(expected):
            try:
                return resolve_scorer(expected, None)
            except (OSError, ValueError) as err:
                problem = " ".join(f"{type(err).__name__}: {err}".split())
        raise ValueError(
            f"explain expected the model that scored the frame ({where} = {expected!r}) to load, got {problem}. "
            "Pass detector=<the Detector or scorer used by compare>."
        )
    is_scorer = not isinstance(detector, (str, Path)) and callable(getattr(detector, "score_pairs", None))
    given = scorer_name(None, detector) if is_scorer else scorer_name(detector, None)
    if expected is not None and given != model_name(expected):
        raise ValueError(
            f"explain expected the model that scored the frame ({where} = {expected!r}), got detector {given!r}: "
            "its weights would explain scores the frame does not hold. Pass that model (or None to load it), or "
            "score the pairs again with this one: framing.compare(..., model=detector)."
        )
    return detector if is_scorer else resolve_scorer(detector, None)


def explain(
    data: Any,
    detector: Any = None,
    *,
    top: int = 10,
    stopwords: bool = False,
    progress: bool | None = None,
) -> list[Explanation]:
    """Explain the top pairs by occlusion: each word's weight, and the driving sentence pair.

    Args:
        data: `framing.compare`'s DataFrame (its first ``top`` rows: the most contradictory),
            or a sequence of ``(text_a, text_b)`` pairs.
        detector: A `Detector`, a model folder or hub id, or any object with ``score_pairs``;
            None: the model that scored ``data`` (``data.attrs["model"]``, or its ``model``
            column when the frame was read back from a file), loaded once per process as
            `compare` does; the default model for plain pairs (and, with a warning, for a
            frame that names no model). A frame scored by another model is refused.
        top: How many pairs to explain.
        stopwords: Also occlude the function words of `STOPWORDS` (by default their weight is
            NaN: about a third fewer variants to score).
        progress: Show a progress bar; None: only above `PROGRESS_MIN_VARIANTS` variants.

    Returns:
        One `Explanation` per pair, in input order.

    Example:
        >>> df = framing.compare(text, parties={"Pompeo": "United States"})  # doctest: +SKIP
        >>> framing.explain(df, top=3)[0].top_words()  # doctest: +SKIP
    """
    from .inference import progress_bars

    top = check_positive_int("top", top, 10)
    pairs, rows = _pairs(data, top)
    if not pairs:
        return []
    scorer = _scorer(data, detector)
    texts_a: list[str] = []
    texts_b: list[str] = []
    plans = []  # per pair: (index of the full pair, word rows with their variant index, sentence pairs)
    for a, b in pairs:
        full = len(texts_a)
        texts_a.append(a)
        texts_b.append(b)
        word_rows = []
        for side, text in (("a", a), ("b", b)):
            found = words(text)
            for word, start, end in found:
                variant = None
                if len(found) > 1 and (stopwords or word.lower() not in STOPWORDS):
                    variant = len(texts_a)
                    cut = _without(text, start, end)
                    texts_a.append(cut if side == "a" else a)
                    texts_b.append(b if side == "a" else cut)
                word_rows.append((side, word, start, end, variant))
        sentences_a = sentences(a)[:MAX_SENTENCES]
        sentences_b = sentences(b)[:MAX_SENTENCES]
        sentence_pairs = []
        if len(sentences_a) > 1 or len(sentences_b) > 1:
            for sa in sentences_a:
                for sb in sentences_b:
                    sentence_pairs.append((sa, sb, len(texts_a)))
                    texts_a.append(sa)
                    texts_b.append(sb)
        plans.append((full, word_rows, sentence_pairs))
    if progress is None:
        progress = len(texts_a) >= PROGRESS_MIN_VARIANTS
    with progress_bars(progress):
        scores = scorer.score_pairs(texts_a, texts_b)
    p = np.asarray(scores["p_contradiction"], dtype=np.float64)
    if p.shape != (len(texts_a),):
        raise ValueError(
            f"score_pairs expected to return {len(texts_a)} rows, got {len(p)}. Return one row per pair, in order."
        )
    out = []
    for (a, b), row, (full, word_rows, sentence_pairs) in zip(pairs, rows, plans):
        base = float(p[full])
        table = pd.DataFrame(
            {
                "side": [r[0] for r in word_rows],
                "word": [r[1] for r in word_rows],
                "start": [r[2] for r in word_rows],
                "end": [r[3] for r in word_rows],
                "weight": [np.nan if r[4] is None else base - p[r[4]] for r in word_rows],
            },
            columns=["side", "word", "start", "end", "weight"],
        )
        explanation = Explanation(a, b, base, table, row=row)
        if sentence_pairs:
            sa, sb, k = max(sentence_pairs, key=lambda s: p[s[2]])
            explanation.sentence_a, explanation.sentence_b, explanation.p_sentences = sa, sb, float(p[k])
        out.append(explanation)
    return out


def explanation_frame(explanations: Sequence[Explanation]) -> pd.DataFrame:
    """All explanations' words in one long frame, with a ``pair`` column (position in the list)."""
    frames = [e.words.assign(pair=i) for i, e in enumerate(explanations)]
    if not frames:
        return pd.DataFrame(columns=["pair", "side", "word", "start", "end", "weight"])
    return pd.concat(frames, ignore_index=True)[["pair", "side", "word", "start", "end", "weight"]]
