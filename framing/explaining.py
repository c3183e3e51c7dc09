"""`explain`: which words, and which sentence pair, drive a pair's contradiction score.

Occlusion: each word of either side is dropped in turn and the pair scored again; a word's
weight is how much ``p_contradiction`` falls without it (negative: the pair looks *more*
contradictory without it). Statements of several sentences also get every sentence pair of
the two sides scored, and the most contradictory one kept. All variants of all pairs go to the
scorer in one ``score_pairs`` call, so batches are full and length-sorted together; a second call
scores the chosen words of pairs that would exceed their budget of model passes (`MAX_PASSES`),
once their driving sentence pair is known.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .checks import FUNCTION_WORDS, check_positive_int

logger = logging.getLogger(__name__)

__all__ = ["MAX_PASSES", "Explanation", "explain", "explanation_frame", "sentences", "words"]

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
#: From this many model passes on, explain shows a progress bar headed by its cost by default.
PROGRESS_MIN_PASSES = 1000
#: Model passes one pair's explanation may use (its full text and sentence pairs always run).
MAX_PASSES = 2000


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
        n_skipped: Words left unweighed (NaN) because the pair's ``max_passes`` ran out.
    """

    text_a: str
    text_b: str
    p_contradiction: float
    words: pd.DataFrame
    sentence_a: str | None = None
    sentence_b: str | None = None
    p_sentences: float | None = None
    row: Any = None
    n_skipped: int = 0

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

    from .defaults import default_model
    from .frames import frame_model
    from .resolve import model_name, resolve_scorer, scorer_name

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
    max_passes: int | None = MAX_PASSES,
) -> list[Explanation]:
    """Explain the top pairs by occlusion: each word's weight, and the driving sentence pair.

    The cost is counted before anything runs, in model passes (forward rows: each variant is
    scored in both directions, and a pair longer than the model's max length once per sentence
    pair it is split into); a long job shows it in its progress bar ("explain: 10 pairs, at most
    5,234 model passes"). ``max_passes`` bounds one pair's share: a pair that would take more has
    its full text and sentence pairs scored first, then the words of its driving sentence pair,
    then the others (words found on one side only before shared ones), while the budget lasts;
    the rest keep a NaN weight (``Explanation.n_skipped`` counts them).

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
        progress: Show a progress bar headed by the cost; None: from `PROGRESS_MIN_PASSES`
            (1,000) model passes on.
        max_passes: Most model passes for one pair (default `MAX_PASSES`, 2,000; a pair of two
            350-word statements would take 71,096 uncapped: see ``docs/reliability.md``); None:
            no cap.

    Returns:
        One `Explanation` per pair, in input order.

    Raises:
        ValueError: A frame scored by another model than ``detector`` (or by several), or a
            model that cannot be loaded; ``top`` or ``max_passes`` below 1.

    Example:
        >>> df = framing.compare(text, parties={"Pompeo": "United States"})  # doctest: +SKIP
        >>> framing.explain(df, top=3)[0].top_words()  # doctest: +SKIP
    """
    top = check_positive_int("top", top, 10)
    max_passes = check_positive_int("max_passes", max_passes, MAX_PASSES, optional=True)
    pairs, rows = _pairs(data, top)
    if not pairs:
        return []
    scorer = _scorer(data, detector)
    plans = [_plan(a, b, stopwords) for a, b in pairs]
    count = _pass_counter(scorer)
    _cost(plans, count, max_passes)
    planned = sum(plan.planned for plan in plans)
    label = f"explain: {len(plans)} pair{'s' * (len(plans) > 1)}, at most {planned:,} model passes"
    logger.info(label)
    show = progress if progress is not None else planned >= PROGRESS_MIN_PASSES

    first = _Batch()  # every pair's text and sentence pairs, and the words of pairs within the budget
    for plan in plans:
        plan.full = first.add((plan.a, plan.b))
        plan.sentence_rows = [first.add(pair) for pair in plan.sentence_pairs]
        if not plan.capped:
            plan.rows = {k: first.add(variant) for k, variant in plan.candidates()}
    p = _score(scorer, first, show, label)
    second = _Batch(offset=len(p))  # the words chosen for pairs past the budget, once their driving sentences are known
    for plan in plans:
        if plan.capped:
            plan.rows = {k: second.add(plan.words[k][4]) for k in _chosen(plan, p, count)}
    p = np.concatenate([p, _score(scorer, second, show, label)])

    out = []
    for plan, row in zip(plans, rows):
        base = float(p[plan.full])
        table = pd.DataFrame(
            {
                "side": [r[0] for r in plan.words],
                "word": [r[1] for r in plan.words],
                "start": [r[2] for r in plan.words],
                "end": [r[3] for r in plan.words],
                "weight": [base - p[plan.rows[k]] if k in plan.rows else np.nan for k in range(len(plan.words))],
            },
            columns=["side", "word", "start", "end", "weight"],
        )
        explanation = Explanation(plan.a, plan.b, base, table, row=row,
                                  n_skipped=sum(1 for k, _ in plan.candidates() if k not in plan.rows))
        if plan.sentence_pairs:
            k = max(range(len(plan.sentence_pairs)), key=lambda i: p[plan.sentence_rows[i]])
            explanation.sentence_a, explanation.sentence_b = plan.sentence_pairs[k]
            explanation.p_sentences = float(p[plan.sentence_rows[k]])
        out.append(explanation)
    return out


@dataclass
class _Plan:
    """One pair's work: its words (``(side, word, start, end, variant pair or None)``), its sentence
    pairs, what they cost in model passes, and (once batched) the rows they were scored at."""

    a: str
    b: str
    words: list[tuple[str, str, int, int, tuple[str, str] | None]]
    sentence_pairs: list[tuple[str, str]]
    fixed: int = 0  # passes of the full pair and its sentence pairs: always spent
    costs: dict[int, int] = field(default_factory=dict)  # word index -> passes of its variant (when counted)
    budget: int | None = None
    capped: bool = False  # the words would take more than the budget: chosen once the sentences are scored
    planned: int = 0  # passes this plan spends at most
    full: int = 0
    sentence_rows: list[int] = field(default_factory=list)
    rows: dict[int, int] = field(default_factory=dict)  # word index -> scored row

    def candidates(self) -> list[tuple[int, tuple[str, str]]]:
        return [(k, r[4]) for k, r in enumerate(self.words) if r[4] is not None]


def _plan(a: str, b: str, stopwords: bool) -> _Plan:
    word_rows = []
    for side, text in (("a", a), ("b", b)):
        found = words(text)
        for word, start, end in found:
            variant = None
            if len(found) > 1 and (stopwords or word.lower() not in STOPWORDS):
                cut = _without(text, start, end)
                variant = (cut, b) if side == "a" else (a, cut)
            word_rows.append((side, word, start, end, variant))
    sentences_a, sentences_b = sentences(a)[:MAX_SENTENCES], sentences(b)[:MAX_SENTENCES]
    several = len(sentences_a) > 1 or len(sentences_b) > 1
    return _Plan(a, b, word_rows, [(sa, sb) for sa in sentences_a for sb in sentences_b] if several else [])


def _pass_counter(scorer: Any) -> Any:
    """``(texts_a, texts_b) -> passes per pair`` as ``score_pairs`` runs them: both directions, each
    one pass or, past the model's max length, one per sentence pair; 2 per pair for a scorer
    without an NLI model to ask."""
    count = getattr(getattr(scorer, "nli_model", None), "count_passes", None)
    if not callable(count):
        return lambda a, b: [2] * len(a)
    return lambda a, b: [x + y for x, y in zip(count(a, b), count(b, a))]


def _cost(plans: list[_Plan], count: Any, max_passes: int | None) -> None:
    """Each plan's passes, counted before anything is scored: the full pair and its sentence pairs
    in one batch; a word's variant is shorter than its pair, so it costs 2 passes when the pair fits
    the model's max length, else about what the pair costs (counted exactly unless that puts the
    pair past its budget: then `_chosen` counts only the words it takes)."""
    owners, texts_a, texts_b = [], [], []
    for plan in plans:
        plan.budget = max_passes
        for pair in [(plan.a, plan.b), *plan.sentence_pairs]:
            owners.append(plan)
            texts_a.append(pair[0])
            texts_b.append(pair[1])
    passes = [int(n) for n in count(texts_a, texts_b)]
    start = 0
    for plan in plans:
        whole = passes[start]
        plan.fixed = sum(passes[start:start + 1 + len(plan.sentence_pairs)])
        start += 1 + len(plan.sentence_pairs)
        candidates = plan.candidates()
        if whole <= 2:
            plan.costs = dict.fromkeys((k for k, _ in candidates), 2)
        elif max_passes is None or plan.fixed + whole * len(candidates) <= max_passes:
            counted = count([v[0] for _, v in candidates], [v[1] for _, v in candidates]) if candidates else []
            plan.costs = {k: int(n) for (k, _), n in zip(candidates, counted)}
        else:
            plan.capped = True
            plan.planned = max(plan.fixed, max_passes)
            continue
        total = plan.fixed + sum(plan.costs.values())
        plan.capped = max_passes is not None and total > max_passes
        plan.planned = max(plan.fixed, max_passes) if plan.capped else total


def _chosen(plan: _Plan, p: np.ndarray, count: Any) -> list[int]:
    """The words a pair past its budget occludes: those of its driving sentence pair first, and
    within that and the rest words found on one side only first (what differs between the sides
    can flip the score), in reading order, while the passes last (each counted as it is taken)."""
    driving: dict[str, set[str]] = {"a": set(), "b": set()}
    if plan.sentence_pairs:
        k = max(range(len(plan.sentence_pairs)), key=lambda i: p[plan.sentence_rows[i]])
        driving = {side: {w.lower() for w, _, _ in words(text)} for side, text in zip("ab", plan.sentence_pairs[k])}
    present = {side: {r[1].lower() for r in plan.words if r[0] == side} for side in "ab"}

    def rank(k: int) -> tuple[bool, bool, int]:
        side, word = plan.words[k][0], plan.words[k][1].lower()
        return word not in driving[side], word in present["b" if side == "a" else "a"], k

    left = (plan.budget or 0) - plan.fixed
    chosen = []
    for k in sorted((k for k, _ in plan.candidates()), key=rank):
        if left < 2:
            break
        if k not in plan.costs:
            variant = plan.words[k][4]
            plan.costs[k] = int(count([variant[0]], [variant[1]])[0])
        if plan.costs[k] <= left:
            chosen.append(k)
            left -= plan.costs[k]
    return chosen


class _Batch:
    """Pairs for one ``score_pairs`` call; `add` gives each its row (after ``offset`` earlier rows)."""

    def __init__(self, offset: int = 0) -> None:
        self.offset = offset
        self.texts_a: list[str] = []
        self.texts_b: list[str] = []

    def add(self, pair: tuple[str, str]) -> int:
        self.texts_a.append(pair[0])
        self.texts_b.append(pair[1])
        return self.offset + len(self.texts_a) - 1


def _score(scorer: Any, batch: _Batch, show: bool, label: str) -> np.ndarray:
    from .inference import progress_bars

    if not batch.texts_a:
        return np.empty(0, dtype=np.float64)
    with progress_bars(show, label):
        scores = scorer.score_pairs(batch.texts_a, batch.texts_b)
    p = np.asarray(scores["p_contradiction"], dtype=np.float64)
    if p.shape != (len(batch.texts_a),):
        raise ValueError(
            f"score_pairs expected to return {len(batch.texts_a)} rows, got {len(p)}. Return one row per pair, in "
            "order."
        )
    return p


def explanation_frame(explanations: Sequence[Explanation]) -> pd.DataFrame:
    """All explanations' words in one long frame, with a ``pair`` column (position in the list)."""
    frames = [e.words.assign(pair=i) for i, e in enumerate(explanations)]
    if not frames:
        return pd.DataFrame(columns=["pair", "side", "word", "start", "end", "weight"])
    return pd.concat(frames, ignore_index=True)[["pair", "side", "word", "start", "end", "weight"]]
