"""Gradient-boosted trees stored as JSON and evaluated with numpy: the answer and span rankers.

A model fitted with scikit-learn's ``HistGradientBoostingClassifier`` (by the training scripts,
on PIAF dev) is written by ``to_json`` as flat node arrays: for node ``i``, ``feature[i]``
(-1 for a leaf), ``threshold[i]``, ``left[i]``, ``right[i]`` (indices into the same arrays) and
``value[i]`` (a leaf's contribution); ``roots`` gives each tree's first node and ``baseline``
the constant the trees add to. No pickle; loading is ``json.loads`` and ``np.asarray``.

``Forest.raw`` walks every tree for every row at once, one depth level per step (a handful of
numpy operations per level, whatever the number of trees), and returns what scikit-learn's
``decision_function`` returns: the log-odds. A row goes left when its value is at most the
threshold, as in scikit-learn (the features here are never missing).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

KIND = "gradient-boosted-trees/1"


class Forest:
    def __init__(self, doc: Mapping) -> None:
        if doc.get("kind") != KIND:
            raise ValueError(f"not a {KIND} model")
        self.feature = np.asarray(doc["feature"], dtype=np.intp)
        self.threshold = np.asarray(doc["threshold"], dtype=np.float64)
        self.left = np.asarray(doc["left"], dtype=np.intp)
        self.right = np.asarray(doc["right"], dtype=np.intp)
        self.value = np.asarray(doc["value"], dtype=np.float64)
        self.roots = np.asarray(doc["roots"], dtype=np.intp)
        self.baseline = float(doc["baseline"])
        self.depth = int(doc["depth"])
        n = len(self.feature)
        if not (len(self.threshold) == len(self.left) == len(self.right) == len(self.value) == n):
            raise ValueError("node arrays differ in length")
        inner = self.feature >= 0
        if (self.left[inner] >= n).any() or (self.right[inner] >= n).any() or (self.roots >= n).any():
            raise ValueError("a node points outside the model")
        # a leaf points to itself, so that rows that reached one stay there; the two children of
        # node i sit at 2i (right) and 2i + 1 (left): one gather per level picks the next node
        left = np.where(inner, self.left, np.arange(n))
        right = np.where(inner, self.right, np.arange(n))
        self._child = np.column_stack([right, left]).ravel()
        self._feature = np.where(inner, self.feature, 0)
        self._threshold = np.where(inner, self.threshold, np.inf)

    def raw(self, X: np.ndarray) -> np.ndarray:
        """The log-odds of every row of ``X`` (rows x features)."""
        X = np.ascontiguousarray(X, dtype=np.float64)
        m, width = X.shape
        flat = X.ravel()
        nodes = np.broadcast_to(self.roots, (m, len(self.roots))).copy()
        base = (np.arange(m) * width)[:, None]
        feature, threshold, child = self._feature, self._threshold, self._child
        for _ in range(self.depth):
            go_left = flat[base + feature[nodes]] <= threshold[nodes]
            nodes = child[2 * nodes + go_left]
        return self.baseline + self.value[nodes].sum(axis=1)


def to_json(model) -> dict:
    """The JSON form of a fitted binary ``HistGradientBoostingClassifier`` or of a
    ``HistGradientBoostingRegressor`` (read through their ``_predictors`` and
    ``_baseline_prediction``; training scripts only). ``raw`` then gives the classifier's
    log-odds, or the regressor's prediction."""
    feature, threshold, left, right, value, roots = [], [], [], [], [], []
    depth = 0
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        base = len(feature)
        roots.append(base)
        for node in nodes:
            leaf = bool(node["is_leaf"])
            feature.append(-1 if leaf else int(node["feature_idx"]))
            threshold.append(0.0 if leaf else float(node["num_threshold"]))
            left.append(0 if leaf else base + int(node["left"]))
            right.append(0 if leaf else base + int(node["right"]))
            value.append(float(node["value"]) if leaf else 0.0)
            depth = max(depth, int(node["depth"]))
    return {
        "kind": KIND,
        "baseline": float(np.ravel(model._baseline_prediction)[0]),
        "depth": depth,
        "roots": roots,
        "feature": feature,
        "threshold": threshold,
        "left": left,
        "right": right,
        "value": value,
    }
