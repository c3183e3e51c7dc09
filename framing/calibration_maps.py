"""The maps a `framing.calibration.ContradictionCalibrator` is made of: the designs (NLI columns ->
model inputs), fitting and applying the sigmoid, isotonic and temperature maps, and their JSON form.

The parts are scikit-learn's own `LogisticRegression` and `IsotonicRegression`, fitted directly and
rebuilt from JSON with public attributes only (never pickled).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import clone
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from .features import CONTRADICTION_COLUMNS, N_NLI_COLUMNS
from .labels import LABELS

__all__ = [
    "LINEAR_FEATURES", "contradiction_score", "design_matrix", "fit_parts", "linear_from_dict", "linear_to_dict",
    "map_from_dict", "map_to_dict", "predict_parts",
]

# Designs with a logistic model over several columns.
LINEAR_FEATURES = ("nli", "symmetric")

# Probabilities are clipped to [EPS, 1 - EPS] before a log or logit.
EPS = 1e-6
# Isotonic outputs stay inside [ISOTONIC_FLOOR, 1 - ISOTONIC_FLOOR]: a calibration set of a few
# thousand pairs cannot justify a probability of exactly 0 or 1 (infinite log-loss when wrong).
ISOTONIC_FLOOR = 1e-3
# Inverse L2 strength of the multi-feature logistic model (features="nli") and of the 1-D
# maps (practically unpenalized, but finite when a calibration set happens to be separable).
NLI_C = 1.0
ONE_D_C = 1e4
# Few features, many rows: Newton steps converge in a handful of iterations.
SOLVER = "newton-cholesky"
# Position of P(contradiction) within one direction's probabilities.
CONTRADICTION = LABELS.index("contradiction")


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, EPS, 1 - EPS)
    return np.log(p) - np.log1p(-p)


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def contradiction_score(X: np.ndarray) -> np.ndarray:
    """Mean P(contradiction) of the two directions, shape ``(n,)``."""
    return X[:, list(CONTRADICTION_COLUMNS)].mean(axis=1)


def nli_design(X: np.ndarray) -> np.ndarray:
    """Log-probabilities of both directions, then the extra columns unchanged."""
    logs = np.log(np.clip(X[:, :N_NLI_COLUMNS], EPS, 1.0))
    return np.hstack([logs, X[:, N_NLI_COLUMNS:]])


def symmetric_design(X: np.ndarray) -> np.ndarray:
    """Order-free NLI columns (per label the mean of both directions' log-probabilities, and the
    gap between the directions' contradiction log-probabilities), then the extra columns.
    Swapping a and b swaps the two directions and leaves every column bit-identical."""
    logs = np.log(np.clip(X[:, :N_NLI_COLUMNS], EPS, 1.0))
    ab, ba = logs[:, : len(LABELS)], logs[:, len(LABELS) : N_NLI_COLUMNS]
    gap = np.abs(ab[:, CONTRADICTION] - ba[:, CONTRADICTION])[:, None]
    return np.hstack([(ab + ba) / 2, gap, X[:, N_NLI_COLUMNS:]])


def design_matrix(X: np.ndarray, features: str) -> np.ndarray:
    """The logistic model's input for a multi-column design (``"symmetric"`` or ``"nli"``)."""
    return symmetric_design(X) if features == "symmetric" else nli_design(X)


def fit_parts(X: np.ndarray, y: np.ndarray, method: str, features: str, random_state: Any) -> dict:
    """Fit one candidate; returns ``{"linear": LogisticRegression | None, "calibrator": ...}``."""
    if features in LINEAR_FEATURES:
        design = design_matrix(X, features)
        linear = LogisticRegression(C=NLI_C, solver=SOLVER, max_iter=200).fit(design, y)
        if method == "sigmoid":
            return {"linear": linear, "calibrator": None}
        # Isotonic on top of the logistic score: fit it on out-of-fold scores, as
        # CalibratedClassifierCV(ensemble=False) does, so it does not learn the fit's optimism.
        n_splits = min(3, int(np.bincount(y).min()))
        if n_splits >= 2:
            folds = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
            scores = cross_val_predict(clone(linear), design, y, cv=folds, method="decision_function")
        else:  # too few pairs of a class to cross-fit: in-sample scores
            scores = linear.decision_function(design)
        return {"linear": linear, "calibrator": isotonic_map().fit(scores, y)}
    score = contradiction_score(X)
    if method == "isotonic":
        return {"linear": None, "calibrator": isotonic_map().fit(score, y)}
    z = logit(score).reshape(-1, 1)
    model = LogisticRegression(C=ONE_D_C, fit_intercept=(method == "sigmoid"), solver=SOLVER, max_iter=200)
    return {"linear": None, "calibrator": model.fit(z, y)}


def isotonic_map() -> IsotonicRegression:
    return IsotonicRegression(y_min=ISOTONIC_FLOOR, y_max=1 - ISOTONIC_FLOOR, out_of_bounds="clip")


def predict_parts(X: np.ndarray, parts: dict, method: str, features: str) -> np.ndarray:
    """P(contradictory framing), shape ``(n,)``."""
    linear, calibrator = parts["linear"], parts["calibrator"]
    if features in LINEAR_FEATURES:
        z = linear.decision_function(design_matrix(X, features))
        if calibrator is None:
            return sigmoid(z)
        return interp_isotonic(calibrator, z)
    score = contradiction_score(X)
    if method == "isotonic":
        return interp_isotonic(calibrator, score)
    return calibrator.predict_proba(logit(score).reshape(-1, 1))[:, 1]


def interp_isotonic(model: IsotonicRegression, x: np.ndarray) -> np.ndarray:
    # The same piecewise-linear map as IsotonicRegression.predict (clipped at the ends),
    # computed from the thresholds alone so that a model loaded from JSON predicts identically.
    return np.interp(x, model.X_thresholds_, model.y_thresholds_)


def floats(values: np.ndarray) -> list:
    return np.asarray(values, dtype=np.float64).tolist()


def linear_to_dict(model: LogisticRegression | None) -> dict | None:
    """A logistic model as JSON-ready numbers (None stays None)."""
    if model is None:
        return None
    return {
        "kind": "logistic",
        "fit_intercept": bool(model.fit_intercept),
        "coef": floats(model.coef_),
        "intercept": floats(np.atleast_1d(model.intercept_)),
    }


def linear_from_dict(data: dict | None) -> LogisticRegression | None:
    """The logistic model `linear_to_dict` wrote, ready to predict."""
    if data is None:
        return None
    model = LogisticRegression(fit_intercept=data["fit_intercept"])
    model.coef_ = np.asarray(data["coef"], dtype=np.float64)
    model.intercept_ = np.asarray(data["intercept"], dtype=np.float64)
    model.classes_ = np.array([0, 1])
    model.n_features_in_ = model.coef_.shape[1]
    return model


def map_to_dict(model: Any) -> dict | None:
    """A fitted 1-D map (logistic or isotonic) as JSON-ready numbers (None stays None)."""
    if model is None:
        return None
    if isinstance(model, IsotonicRegression):
        return {
            "kind": "isotonic",
            "X_thresholds_": floats(model.X_thresholds_),
            "y_thresholds_": floats(model.y_thresholds_),
            "y_min": model.y_min,
            "y_max": model.y_max,
        }
    return linear_to_dict(model)


def map_from_dict(data: dict | None) -> Any:
    """The 1-D map `map_to_dict` wrote, ready to predict."""
    if data is None:
        return None
    if data["kind"] == "logistic":
        return linear_from_dict(data)
    if data["kind"] != "isotonic":
        raise ValueError(f"calibrator `kind` expected 'logistic' or 'isotonic', got {data['kind']!r}.")
    x = np.asarray(data["X_thresholds_"], dtype=np.float64)
    y = np.asarray(data["y_thresholds_"], dtype=np.float64)
    # Refit on the thresholds themselves (already monotone, so the fit keeps them) to get a
    # complete IsotonicRegression; predictions use the stored thresholds either way.
    model = IsotonicRegression(y_min=data["y_min"], y_max=data["y_max"], out_of_bounds="clip").fit(x, y)
    model.X_thresholds_, model.y_thresholds_ = x, y
    return model
