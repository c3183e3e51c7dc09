"""Turn an NLI model's raw outputs into a calibrated probability of contradictory framing.

`ContradictionCalibrator` is a scikit-learn classifier fitted on labeled pairs
(``1`` = contradictory framing, ``0`` = not). Its input ``X`` is an ``(n, 6 + k)``
float array: the NLI probabilities of a pair in **both directions**, in the order
built by :func:`framing.features.nli_features`::

    [ab_entailment, ab_neutral, ab_contradiction, ba_entailment, ba_neutral, ba_contradiction,
     extra_1, ..., extra_k]

where ``ab`` scores text a as premise and text b as hypothesis, ``ba`` the reverse,
and the optional ``extra_*`` columns are pair features (named by ``extra_features``, e.g. the
sentence-embedding similarity of the two texts, `framing.features.PAIR_FEATURES`) used by the
multi-column designs. ``features="symmetric"`` combines the two directions order-free (per label
the mean of their log-probabilities, and the gap between their contradiction log-probabilities),
so swapping a and b leaves a pair's probability bit-identical; ``features="nli"`` (older files)
weights each direction on its own.

Methods (``method``):

* ``"sigmoid"`` - Platt scaling: a `LogisticRegression` on the logit of the
  contradiction score (``features="contradiction"``) or over the NLI columns plus the extra
  columns (``features="symmetric"`` or ``"nli"``).
* ``"isotonic"`` - an `IsotonicRegression` on the contradiction score, or on the
  ``features="nli"`` logistic score (then fitted on out-of-fold scores).
* ``"temperature"`` - one parameter: ``sigmoid(logit(score) / T)``, a
  ``LogisticRegression(fit_intercept=False)`` on the logit (``features="contradiction"`` only).
* ``"auto"`` - the candidate with the lowest cross-validated (`StratifiedKFold`) log-loss.

The parts are scikit-learn's own `LogisticRegression` and `IsotonicRegression`,
fitted directly rather than through `CalibratedClassifierCV`: the latter's fitted
calibrators are private classes that cannot be rebuilt from JSON with public API,
and the calibrator must be saved as JSON (``calibrator.json``), never pickled.
The parts, their designs and their JSON form are `framing.calibration_maps`; `fit_feature_sets` fits
one calibrator per candidate feature set and keeps the best (what `framing.Detector.calibrate` runs).

Example:
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> y = rng.integers(0, 2, 400)
    >>> c = np.clip(0.3 + 0.4 * y + rng.normal(0, 0.2, 400), 0.01, 0.99)
    >>> X = np.column_stack([1 - c, np.zeros(400), c, 1 - c, np.zeros(400), c])
    >>> cal = ContradictionCalibrator().fit(X, y)
    >>> cal.method_ in {"sigmoid", "isotonic", "temperature"}
    True
    >>> cal.predict_proba(X[:3]).shape
    (3, 2)
"""

from __future__ import annotations

import json
import logging
import numbers
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.metrics import log_loss
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import check_is_fitted, validate_data

from .calibration_maps import (
    fit_parts,
    linear_from_dict,
    linear_to_dict,
    map_from_dict,
    map_to_dict,
    predict_parts,
)
from .features import AUTO_FEATURE_SETS, FEATURE_SETS, N_NLI_COLUMNS, feature_set_name
from .metrics import choose_threshold

logger = logging.getLogger(__name__)

__all__ = ["FORMAT_VERSION", "N_NLI_COLUMNS", "ContradictionCalibrator", "feature_set_candidates", "fit_feature_sets"]

#: Version of the JSON written by `ContradictionCalibrator.to_dict`.
FORMAT_VERSION = 1
METHODS = ("sigmoid", "isotonic", "temperature")
# Below these counts `fit` warns that the calibration will be loose; "auto" considers isotonic
# regression only from ISOTONIC_MIN_PAIRS pairs on (scikit-learn's guide: isotonic overfits small sets).
FEW_LABELS, FEW_PER_CLASS = 100, 20
ISOTONIC_MIN_PAIRS = 300
FEATURES = ("contradiction", "nli", "symmetric")
CANDIDATES = {
    "contradiction": ("sigmoid", "isotonic", "temperature"),
    "nli": ("sigmoid", "isotonic"),
    "symmetric": ("sigmoid", "isotonic"),
}


class ContradictionCalibrator(ClassifierMixin, BaseEstimator):
    """Calibrated P(contradictory framing) from both directions' NLI probabilities.

    Args:
        method: ``"auto"`` (lowest cross-validated log-loss among the candidates of
            ``features``), ``"sigmoid"``, ``"isotonic"`` or ``"temperature"``.
        features: ``"contradiction"``: one score, the mean of both directions'
            P(contradiction) (extra columns ignored); ``"symmetric"``: a logistic
            regression over the order-free NLI columns plus the extra columns; ``"nli"``:
            the same over each direction's log-probabilities (order-dependent; methods
            ``"sigmoid"`` and ``"isotonic"`` for both).
        threshold_goal: ``"likely"`` (the default: flag when P >= 0.5, so a flagged pair is more
            likely a clash than not; the F1-optimal threshold is reported in ``threshold_stats_``),
            ``"f1"`` (max F1) or a float target precision in ``(0, 1]`` (the threshold with the
            highest recall at that precision); chosen on out-of-fold predictions.
        cv: Folds of the `StratifiedKFold` that scores the candidates and gives the
            out-of-fold predictions for the threshold (at least 2).
        random_state: Seed of the fold shuffling.
        extra_features: Names of the columns after the six NLI ones (saved with the
            calibrator, so a detector recomputes the same features); None for older files.

    Attributes:
        method_: The method used (``method``, or the one ``"auto"`` picked).
        linear_: The `LogisticRegression` over NLI features (``features="nli"``), else None.
        calibrator_: The fitted 1-D map: `LogisticRegression` (sigmoid / temperature),
            `IsotonicRegression`, or None (``features="nli"`` with ``"sigmoid"``).
        temperature_: ``T`` of temperature scaling, else None.
        threshold_: Decision threshold on P(contradictory framing) used by `predict`.
        threshold_stats_: Out-of-fold precision, recall and F1 at ``threshold_``.
        cv_scores_: Cross-validated log-loss per candidate method.
        classes_: ``array([0, 1])``.
        n_features_in_: Columns of ``X`` seen in `fit`.
        feature_set: The name of the input (``features`` and ``extra_features``, see
            `framing.features.FEATURE_SETS`), saved in the JSON as ``"feature_set"``.
        weights_fingerprint_: The fingerprint of the NLI weights whose outputs ``X`` holds, set
            by `framing.Detector.calibrate` (None after a `fit` on bare arrays, and in files
            written before it was recorded); saved as ``"weights_fingerprint"``, and a detector
            refuses a calibrator fitted on other weights.

    Example:
        >>> import numpy as np
        >>> X = np.array([[0.1, 0.2, 0.7, 0.2, 0.2, 0.6], [0.7, 0.2, 0.1, 0.6, 0.3, 0.1]] * 10)
        >>> y = np.array([1, 0] * 10)
        >>> cal = ContradictionCalibrator(method="sigmoid", cv=2).fit(X, y)
        >>> cal.predict(X[:2]).tolist()
        [1, 0]
    """

    def __init__(
        self,
        method: str = "auto",
        features: str = "contradiction",
        threshold_goal: str | float = "likely",
        cv: int = 5,
        random_state: int | None = 0,
        extra_features: Sequence[str] | None = None,
    ) -> None:
        self.method = method
        self.features = features
        self.threshold_goal = threshold_goal
        self.cv = cv
        self.random_state = random_state
        self.extra_features = extra_features

    @property
    def feature_set(self) -> str:
        """The name of this calibrator's input: its ``features`` design and ``extra_features``
        (`framing.features.feature_set_name`), e.g. ``"pair"``."""
        return feature_set_name(self.features, self.extra_features or ())

    # ------------------------------------------------------------------ validation
    def _check_params(self) -> None:
        if self.method not in ("auto", *METHODS):
            raise ValueError(
                f"`method` expected one of {['auto', *METHODS]}, got {self.method!r}. "
                "Use 'auto' to choose by cross-validated log-loss."
            )
        if self.features not in FEATURES:
            raise ValueError(f"`features` expected one of {list(FEATURES)}, got {self.features!r}.")
        if self.method != "auto" and self.method not in CANDIDATES[self.features]:
            raise ValueError(
                f"`method` expected one of {list(CANDIDATES[self.features])} with features={self.features!r}, "
                f"got {self.method!r}. Use features='contradiction' for temperature scaling."
            )
        goal = self.threshold_goal
        is_number = isinstance(goal, numbers.Real) and not isinstance(goal, bool)
        if goal not in ("likely", "f1") and not (is_number and 0 < goal <= 1):
            raise ValueError(
                f"`threshold_goal` expected 'likely', 'f1' or a target precision in (0, 1], got {goal!r}. "
                "For example threshold_goal=0.5 picks the highest recall at 50 % precision."
            )
        if not isinstance(self.cv, numbers.Integral) or isinstance(self.cv, bool) or self.cv < 2:
            raise ValueError(f"`cv` expected an integer >= 2, got {self.cv!r}.")
        extra = self.extra_features
        if extra is not None and (
            isinstance(extra, str) or not all(isinstance(n, str) and n for n in extra) or len(set(extra)) != len(extra)
        ):
            raise ValueError(
                f"`extra_features` expected None or a list of distinct feature names, got {extra!r}. "
                "Use e.g. extra_features=['cosine', 'sentence_cosine'] (framing.features.PAIR_FEATURES)."
            )

    def _check_X(self, X: Any, *, reset: bool) -> np.ndarray:
        X = validate_data(self, X, reset=reset, dtype=np.float64, ensure_all_finite=False)
        bad = ~np.isfinite(X)
        if bad.any():
            rows = np.flatnonzero(bad.any(axis=1))
            raise ValueError(
                f"`X` expected finite NLI probabilities, got {int(bad.sum())} NaN or inf value(s) in rows "
                f"{rows[:10].tolist()}{' ...' if rows.size > 10 else ''}. Drop or rescore those pairs."
            )
        if X.shape[1] < N_NLI_COLUMNS:
            raise ValueError(
                f"`X` expected shape (n, {N_NLI_COLUMNS} + extra) with both directions' NLI probabilities "
                f"[ab_e, ab_n, ab_c, ba_e, ba_n, ba_c, ...], got shape {X.shape} (n_features={X.shape[1]}). "
                "Build it with framing.features.nli_features(ab, ba)."
            )
        if self.extra_features is not None and X.shape[1] != N_NLI_COLUMNS + len(self.extra_features):
            raise ValueError(
                f"`X` expected {N_NLI_COLUMNS} NLI columns and the {len(self.extra_features)} extra feature(s) "
                f"{list(self.extra_features)}, got {X.shape[1]} columns. Build X with the same features."
            )
        probs = X[:, :N_NLI_COLUMNS]
        outside = (probs < 0) | (probs > 1)
        if outside.any():
            row, col = map(int, np.argwhere(outside)[0])
            raise ValueError(
                f"`X` expected probabilities in [0, 1] in its first {N_NLI_COLUMNS} columns, got "
                f"{float(probs[row, col])!r} at row {row}, column {col} ({int(outside.sum())} value(s) outside). "
                "Pass softmax probabilities, not logits."
            )
        return X

    @staticmethod
    def _check_y(y: Any) -> np.ndarray:
        if y is None:
            raise ValueError(
                "`y` expected 0/1 labels, got None. ContradictionCalibrator requires y to be passed, "
                "but the target y is None."
            )
        y = np.asarray(y)
        if y.ndim == 2 and 1 in y.shape:
            y = y.reshape(-1)
        if y.ndim != 1:
            raise ValueError(f"`y` expected a 1-d array of 0/1 labels, got shape {y.shape}. Pass one label per pair.")
        if y.dtype.kind == "f" and not np.isfinite(y).all():
            raise ValueError(
                f"`y` expected binary labels 0/1, got {int((~np.isfinite(y)).sum())} NaN or inf label(s). "
                "Drop the unlabeled pairs."
            )
        try:
            kind = type_of_target(y, input_name="y", raise_unknown=True)
        except ValueError as err:
            raise ValueError(
                f"`y` expected binary labels 0/1, got labels of another type ({err}). "
                "Map contradictory pairs to 1 and all others to 0."
            ) from err
        values = np.unique(y).tolist()
        if kind not in ("binary", "unknown") or y.dtype.kind not in "biuf" or not set(values) <= {0, 1}:
            raise ValueError(
                f"`y` expected binary labels 0/1 (1 = contradictory framing), got {kind} labels with values "
                f"{values[:10]}{' ...' if len(values) > 10 else ''}. Only binary classification is supported: "
                "map contradictory pairs to 1 and all others to 0."
            )
        y = y.astype(np.int64)
        counts = np.bincount(y, minlength=2)
        if counts.min() == 0:
            raise ValueError(
                f"`y` expected both classes 0 and 1, got one class only ({int(np.argmax(counts))}, {len(y)} labels). "
                "Calibration needs contradictory and non-contradictory pairs."
            )
        return y

    # ------------------------------------------------------------------------- fit
    def fit(self, X: Any, y: Any, groups: Any = None) -> ContradictionCalibrator:
        """Fit the calibrator (and choose the method and threshold) on labeled pairs.

        Args:
            X: ``(n, 6 + k)`` NLI probabilities of both directions, then optional extra features.
            y: ``(n,)`` labels, 1 = contradictory framing, 0 = not.
            groups: Optional ``(n,)`` group of each pair (a story, a topic): the folds then keep
                each group whole (`StratifiedGroupKFold`), so the choice is made on unseen stories.

        Returns:
            self.

        Raises:
            ValueError: on labels that are not 0/1 or of one class, lengths that differ,
                NaN scores, or fewer pairs of a class than ``cv`` folds.

        Example:
            >>> import numpy as np
            >>> X = np.array([[0.1, 0.2, 0.7, 0.2, 0.2, 0.6], [0.7, 0.2, 0.1, 0.6, 0.3, 0.1]] * 10)
            >>> ContradictionCalibrator(method="isotonic", cv=2).fit(X, [1, 0] * 10).method_
            'isotonic'
        """
        self._check_params()
        y = self._check_y(y)
        X = self._check_X(X, reset=True)
        if len(y) != X.shape[0]:
            raise ValueError(
                f"`y` expected one label per row of `X` ({X.shape[0]}), got {len(y)}. "
                "Pass labels and pairs in the same order."
            )
        smallest = int(np.bincount(y).min())
        if smallest < self.cv:
            raise ValueError(
                f"`cv` expected at most the size of the smaller class ({smallest}), got cv={self.cv}. "
                "Label more pairs of that class or lower cv."
            )
        if self.features == "contradiction" and X.shape[1] > N_NLI_COLUMNS:
            logger.info("features='contradiction' ignores the %d extra column(s) of X.", X.shape[1] - N_NLI_COLUMNS)

        candidates = CANDIDATES[self.features] if self.method == "auto" else (self.method,)
        if len(y) < FEW_LABELS or smallest < FEW_PER_CLASS:
            warnings.warn(
                f"calibration expected at least {FEW_LABELS} labeled pairs with {FEW_PER_CLASS} of each class, got "
                f"{len(y)} ({int(y.sum())} clashes, {int(len(y) - y.sum())} not): the probabilities and the threshold "
                "will be loose (see the report's cross-validated interval). Label more, e.g. with framing.label_queue.",
                UserWarning,
                stacklevel=2,
            )
        if self.method == "auto" and len(y) < ISOTONIC_MIN_PAIRS and len(candidates) > 1:
            # A step function fitted on few pairs gives ties at 0.999 and a jumpy threshold.
            candidates = tuple(m for m in candidates if m != "isotonic")
        if groups is None:
            folds = StratifiedKFold(n_splits=self.cv, shuffle=True, random_state=self.random_state)
            splits = list(folds.split(X, y))
        else:
            groups = np.asarray(groups)
            if groups.shape != (len(y),):
                raise ValueError(f"`groups` expected one group per pair ({len(y)}), got shape {groups.shape}.")
            n_groups = len(np.unique(groups))
            if n_groups < self.cv:
                raise ValueError(
                    f"`groups` expected at least cv={self.cv} distinct groups, got {n_groups}. "
                    "Label pairs from more stories or lower cv."
                )
            folds = StratifiedGroupKFold(n_splits=self.cv, shuffle=True, random_state=self.random_state)
            splits = list(folds.split(X, y, groups))
            if any(len(np.unique(y[test])) < 2 or len(np.unique(y[train])) < 2 for train, test in splits):
                raise ValueError(
                    f"`groups` expected both classes in every one of the {self.cv} folds, got a fold with one "
                    "class. Label more stories, or lower cv."
                )
        oof = {}
        for method in candidates:
            p = np.empty(len(y))
            for train, test in splits:
                parts = fit_parts(X[train], y[train], method, self.features, self.random_state)
                p[test] = predict_parts(X[test], parts, method, self.features)
            oof[method] = p
        self.cv_scores_ = {m: float(log_loss(y, p, labels=[0, 1])) for m, p in oof.items()}
        self.method_ = min(self.cv_scores_, key=self.cv_scores_.get)
        logger.info("calibration: cross-validated log-loss %s -> %s", self.cv_scores_, self.method_)

        parts = fit_parts(X, y, self.method_, self.features, self.random_state)
        self.linear_, self.calibrator_ = parts["linear"], parts["calibrator"]
        self.temperature_ = None
        if self.method_ == "temperature" and self.calibrator_.coef_[0, 0] != 0:
            self.temperature_ = float(1.0 / self.calibrator_.coef_[0, 0])
        self.threshold_, self.threshold_stats_ = choose_threshold(y, oof[self.method_], self.threshold_goal)
        self.oof_ = oof[self.method_]  # out-of-fold probabilities (not saved): for reports
        self.classes_ = np.array([0, 1])
        self.weights_fingerprint_ = None  # which weights X came from: known to the detector that calls fit
        return self

    # --------------------------------------------------------------------- predict
    def predict_proba(self, X: Any) -> np.ndarray:
        """``(n, 2)`` array: [P(not contradictory), P(contradictory framing)] per pair.

        Example:
            >>> import numpy as np
            >>> X = np.array([[0.1, 0.2, 0.7, 0.2, 0.2, 0.6], [0.7, 0.2, 0.1, 0.6, 0.3, 0.1]] * 10)
            >>> cal = ContradictionCalibrator(method="temperature", cv=2).fit(X, [1, 0] * 10)
            >>> bool(cal.predict_proba(X[:1])[0, 1] > 0.5)
            True
        """
        check_is_fitted(self)
        X = self._check_X(X, reset=False)
        parts = {"linear": self.linear_, "calibrator": self.calibrator_}
        p = predict_parts(X, parts, self.method_, self.features)
        return np.column_stack([1.0 - p, p])

    def predict(self, X: Any) -> np.ndarray:
        """1 where P(contradictory framing) >= ``threshold_``, else 0.

        Example:
            >>> import numpy as np
            >>> X = np.array([[0.1, 0.2, 0.7, 0.2, 0.2, 0.6], [0.7, 0.2, 0.1, 0.6, 0.3, 0.1]] * 10)
            >>> ContradictionCalibrator(cv=2).fit(X, [1, 0] * 10).predict(X[:2]).tolist()
            [1, 0]
        """
        check_is_fitted(self)
        return (self.predict_proba(X)[:, 1] >= self.threshold_).astype(np.int64)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False  # labels are 0/1: contradictory framing or not
        return tags

    # ------------------------------------------------------------------------ JSON
    def to_dict(self) -> dict:
        """The fitted calibrator as a JSON-ready dict (lists and numbers only).

        Example:
            >>> import numpy as np
            >>> X = np.array([[0.1, 0.2, 0.7, 0.2, 0.2, 0.6], [0.7, 0.2, 0.1, 0.6, 0.3, 0.1]] * 10)
            >>> d = ContradictionCalibrator(method="isotonic", cv=2).fit(X, [1, 0] * 10).to_dict()
            >>> d["format_version"], d["method_"]
            (1, 'isotonic')
        """
        check_is_fitted(self)
        import sklearn

        return {
            "format_version": FORMAT_VERSION,
            "class": type(self).__name__,
            "sklearn_version": sklearn.__version__,
            "params": self.get_params(),
            "feature_set": self.feature_set,
            "method_": self.method_,
            "n_features_in_": int(self.n_features_in_),
            "threshold_": self.threshold_,
            "threshold_stats_": self.threshold_stats_,
            "cv_scores_": self.cv_scores_,
            "temperature_": self.temperature_,
            "linear_": linear_to_dict(self.linear_),
            "calibrator_": map_to_dict(self.calibrator_),
            "weights_fingerprint": getattr(self, "weights_fingerprint_", None),
        }

    @classmethod
    def from_dict(cls, data: dict) -> ContradictionCalibrator:
        """Rebuild a fitted calibrator from `to_dict` output.

        Raises:
            ValueError: if ``data`` is of another ``format_version`` or class.

        Example:
            >>> import numpy as np
            >>> X = np.array([[0.1, 0.2, 0.7, 0.2, 0.2, 0.6], [0.7, 0.2, 0.1, 0.6, 0.3, 0.1]] * 10)
            >>> cal = ContradictionCalibrator(cv=2).fit(X, [1, 0] * 10)
            >>> ContradictionCalibrator.from_dict(cal.to_dict()).method_ == cal.method_
            True
        """
        if not isinstance(data, dict):
            raise ValueError(f"calibrator data expected a dict, got {type(data).__name__}.")
        version = data.get("format_version")
        if version != FORMAT_VERSION:
            raise ValueError(
                f"calibrator `format_version` expected {FORMAT_VERSION}, got {version!r}. "
                "Refit the calibrator with this version of framing (Detector.calibrate) and save it again."
            )
        if data.get("class", cls.__name__) != cls.__name__:
            raise ValueError(f"calibrator `class` expected {cls.__name__!r}, got {data.get('class')!r}.")
        try:
            self = cls(**data["params"])
            self._check_params()
            self.method_ = str(data["method_"])
            self.n_features_in_ = int(data["n_features_in_"])
            self.threshold_ = float(data["threshold_"])
            self.threshold_stats_ = dict(data.get("threshold_stats_") or {})
            self.cv_scores_ = {str(k): float(v) for k, v in data["cv_scores_"].items()}
            self.temperature_ = data.get("temperature_")
            self.linear_ = linear_from_dict(data["linear_"])
            self.calibrator_ = map_from_dict(data["calibrator_"])
        except (KeyError, TypeError, AttributeError, IndexError) as err:
            raise ValueError(
                f"calibrator data expected the keys written by to_dict(), got a problem with {err!r}. "
                "The file is incomplete or was edited; refit and save it again."
            ) from err
        self.classes_ = np.array([0, 1])
        fingerprint = data.get("weights_fingerprint")  # absent in files written before it was recorded
        if fingerprint is not None and not (isinstance(fingerprint, str) and fingerprint.strip()):
            raise ValueError(
                f"calibrator `weights_fingerprint` expected a string or null, got {fingerprint!r}. The file was "
                "edited; refit (Detector.calibrate) and save it again."
            )
        self.weights_fingerprint_ = fingerprint
        self._check_loaded()
        saved = data.get("feature_set")  # absent in files written before feature sets were named
        if saved is not None and saved != self.feature_set:
            raise ValueError(
                f"calibrator `feature_set` expected {self.feature_set!r} (features={self.features!r}, "
                f"extra_features={self.extra_features!r}), got {saved!r}. The file comes from another "
                "version of framing or was edited: upgrade framing-clash, or refit (Detector.calibrate) "
                "and save it again."
            )
        return self

    def _check_loaded(self) -> None:
        """Faults of an edited or damaged file surface at load, not at the first score: the method,
        the threshold, and a probe prediction (shapes agree, probabilities finite, in [0, 1])."""
        problems = []
        if self.method_ not in CANDIDATES[self.features]:
            problems.append(f"method_ {self.method_!r} is not one of {list(CANDIDATES[self.features])}")
        if not 0.0 <= self.threshold_ <= 1.0:  # also false for NaN
            problems.append(f"threshold_ {self.threshold_!r} is not in [0, 1]")
        numbers = [self.temperature_] if self.temperature_ is not None else []
        for model in (self.linear_, self.calibrator_):
            for name in ("coef_", "intercept_", "X_thresholds_", "y_thresholds_"):
                numbers.extend(np.ravel(getattr(model, name, [])).tolist())
        if not all(isinstance(v, (int, float)) and np.isfinite(v) for v in numbers):
            problems.append("a stored coefficient or threshold is not a finite number")
        extra = self.extra_features
        if extra is not None and self.n_features_in_ != N_NLI_COLUMNS + len(extra):
            problems.append(f"n_features_in_ {self.n_features_in_} does not match the {len(extra)} extra_features")
        if not problems:
            probe = np.full((2, self.n_features_in_), 1.0 / 3.0)
            probe[1, :N_NLI_COLUMNS] = [0.1, 0.1, 0.8, 0.1, 0.1, 0.8]
            try:
                p = self.predict_proba(probe)[:, 1]
            except (ValueError, TypeError, IndexError, AttributeError) as err:
                problems.append(f"a probe prediction fails: {err}")
            else:
                if not np.all((p >= 0.0) & (p <= 1.0)):
                    problems.append(f"a probe prediction gives {p.tolist()}, not probabilities")
        if problems:
            raise ValueError(
                f"calibrator data expected a consistent fitted calibrator, got: {'; '.join(problems)}. "
                "The file is damaged or was edited; refit (Detector.calibrate) and save it again."
            )

    def save(self, path: str | Path) -> Path:
        """Write ``to_dict()`` as JSON to ``path`` (e.g. ``model/calibrator.json``); returns the path."""
        path = Path(path)
        path.write_text(json.dumps(self.to_dict(), indent=2) + "\n", encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: str | Path) -> ContradictionCalibrator:
        """Read a calibrator written by `save`.

        Raises:
            ValueError: if the file is not valid JSON or of another format version.
        """
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as err:
            raise ValueError(
                f"calibrator file expected JSON, got a parse error at line {err.lineno} of {path}: {err.msg}."
            ) from err
        try:
            return cls.from_dict(data)
        except ValueError as err:
            raise ValueError(f"{err} (file: {path})") from err


def feature_set_candidates(features: str, method: str) -> tuple[str, ...]:
    """The feature sets a fit tries: ``features`` itself, or for ``"auto"`` the
    `framing.features.AUTO_FEATURE_SETS`; refused names and combinations raise a ValueError."""
    candidates = AUTO_FEATURE_SETS if features == "auto" else (features,)
    for name in candidates:
        if name not in FEATURE_SETS:
            raise ValueError(f"features expected 'auto' or one of {list(FEATURE_SETS)}, got {name!r}.")
    if method == "temperature" and features not in ("contradiction", "auto"):
        raise ValueError(
            f"method='temperature' expected features 'contradiction' or 'auto', got {features!r}. "
            "Temperature scaling rescales one score; use method='sigmoid' for NLI features."
        )
    return candidates


def fit_feature_sets(
    X: np.ndarray,
    extras: Sequence[str],
    y: Any,
    *,
    candidates: Sequence[str],
    method: str,
    threshold_goal: str | float,
    cv: int,
    groups: Any = None,
) -> tuple[str, dict[str, ContradictionCalibrator], dict[str, np.ndarray]]:
    """A calibrator per candidate feature set, and the one with the lowest cross-validated log-loss.

    Args:
        X: The six NLI columns, then the pair features ``extras`` (all the candidates need).
        candidates: Names of `framing.features.FEATURE_SETS` (`feature_set_candidates`).
        method, threshold_goal, cv, groups: As for `ContradictionCalibrator` and its ``fit``.

    Returns:
        ``(best, fitted, matrices)``: the best set's name, the calibrator of each set tried and the
        columns of ``X`` each was fitted on.
    """
    fitted, matrices = {}, {}
    for name in candidates:
        chosen = FEATURE_SETS[name]
        if chosen.design != "contradiction" and method == "temperature":
            continue  # temperature scales one score only
        columns = list(range(N_NLI_COLUMNS)) + [N_NLI_COLUMNS + list(extras).index(n) for n in chosen.pair_features]
        matrices[name] = X[:, columns]
        fitted[name] = ContradictionCalibrator(
            method=method, features=chosen.design, threshold_goal=threshold_goal, cv=cv,
            extra_features=list(chosen.pair_features),
        ).fit(matrices[name], y, groups=groups)
    best = min(fitted, key=lambda name: min(fitted[name].cv_scores_.values()))
    return best, fitted, matrices
