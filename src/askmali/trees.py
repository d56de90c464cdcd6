"""Gradient-boosted trees stored as JSON and evaluated with numpy: the answer and span rankers.

A model fitted with scikit-learn's ``HistGradientBoostingClassifier`` (by the training scripts,
on PIAF dev) is written by ``to_json`` as flat node arrays: for node ``i``, ``feature[i]``
(-1 for a leaf), ``threshold[i]``, ``left[i]``, ``right[i]`` (indices into the same arrays) and
``value[i]`` (a leaf's contribution); ``roots`` gives each tree's first node and ``baseline``
the constant the trees add to. No pickle; loading is ``json.loads`` and ``np.asarray``.

``Forest.raw`` answers every distinct split condition for every row in one comparison, then
walks every tree for every row at once, one depth level per step (three numpy gathers per
level, whatever the number of trees), and returns what scikit-learn's
``decision_function`` returns: the log-odds. A row goes left when its value is at most the
threshold, as in scikit-learn (the features here are never missing). Where askmali's compiled
loops are built (``askmali.kernels``), ``leaves`` of ``askmali._kernels`` walks each row down
each tree instead (a fifth of the time for a question's 16 sentences and 300 trees), and the
leaves' values are summed by the same numpy call: the same log-odds, bit for bit.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from . import kernels

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
        # the trees test far fewer distinct (feature, threshold) conditions than they have nodes:
        # each row's answers to all of them come from one comparison, and a node reads its own
        # by number (``_condition``; a leaf reads the last, always true, column)
        keys = np.column_stack([self.feature[inner], self.threshold[inner]])
        conditions, which = np.unique(keys, axis=0, return_inverse=True)
        self._test_feature = conditions[:, 0].astype(np.intp)
        self._test_threshold = conditions[:, 1]
        self._condition = np.full(n, len(conditions), dtype=np.intp)
        self._condition[inner] = np.ravel(which)

    def raw(self, X: np.ndarray) -> np.ndarray:
        """The log-odds of every row of ``X`` (rows x features)."""
        X = np.asarray(X, dtype=np.float64)
        leaves = getattr(kernels.compiled, "leaves", None)
        if leaves is not None and X.ndim == 2 and X.shape[1] > 0:
            # the compiled walk (askmali._kernels): the same leaves, their values summed alike
            nodes = np.empty((X.shape[0], len(self.roots)), dtype=np.int64)
            leaves(nodes.reshape(-1), np.ascontiguousarray(X).reshape(-1), X.shape[1], self.roots, self.feature,
                   self.threshold, self.left, self.right)
            return self.baseline + self.value[nodes].sum(axis=1)
        m = X.shape[0]
        width = len(self._test_feature) + 1
        answers = np.ones((m, width), dtype=bool)
        answers[:, :-1] = X[:, self._test_feature] <= self._test_threshold
        flat = answers.ravel()
        nodes = np.broadcast_to(self.roots, (m, len(self.roots))).copy()
        base = (np.arange(m) * width)[:, None]
        condition, child = self._condition, self._child
        for _ in range(self.depth):
            nodes = child[2 * nodes + flat[base + condition[nodes]]]
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
    return _doc(float(np.ravel(model._baseline_prediction)[0]), depth, roots, feature, threshold, left, right, value)


def _doc(baseline: float, depth: int, roots, feature, threshold, left, right, value) -> dict:
    """A forest's JSON document from its node arrays."""
    return {
        "kind": KIND,
        "baseline": baseline,
        "depth": depth,
        "roots": roots,
        "feature": feature,
        "threshold": threshold,
        "left": left,
        "right": right,
        "value": value,
    }


def from_lightgbm(booster) -> dict:
    """The JSON form of a fitted LightGBM model (a ``Booster``, or an estimator holding one in
    ``booster_``), read through ``dump_model`` (training scripts only: LightGBM is not needed to
    load or score). Only numerical splits on features that are never missing, which LightGBM
    sends left when the value is at most the threshold, as ``Forest`` does; anything else is
    refused rather than scored differently."""
    booster = getattr(booster, "booster_", booster)
    dump = booster.dump_model()
    feature: list[int] = []
    threshold: list[float] = []
    left: list[int] = []
    right: list[int] = []
    value: list[float] = []
    roots: list[int] = []
    depth = 0

    def add(node: dict, level: int) -> int:
        nonlocal depth
        depth = max(depth, level)
        at = len(feature)
        feature.append(-1)
        threshold.append(0.0)
        left.append(0)
        right.append(0)
        value.append(0.0)
        if "leaf_value" in node or "split_feature" not in node:
            value[at] = float(node.get("leaf_value", 0.0))
            return at
        if node.get("decision_type") != "<=" or node.get("missing_type", "None") not in ("None", "NaN"):
            raise ValueError(f"unsupported LightGBM split: {node.get('decision_type')} {node.get('missing_type')}")
        feature[at] = int(node["split_feature"])
        threshold[at] = float(node["threshold"])
        left[at] = add(node["left_child"], level + 1)
        right[at] = add(node["right_child"], level + 1)
        return at

    for tree in dump["tree_info"]:
        roots.append(add(tree["tree_structure"], 0))
    return _doc(0.0, depth, roots, feature, threshold, left, right, value)


def combine(models: list[dict], weights: list[float]) -> dict:
    """One JSON forest whose ``raw`` is the weighted sum of the ``raw`` of ``models`` (JSON
    forests of this module): their trees side by side, each leaf and baseline scaled by its
    model's weight (training scripts only)."""
    out = _doc(0.0, 0, [], [], [], [], [], [])
    for doc, weight in zip(models, weights):
        base = len(out["feature"])
        leaf = [f < 0 for f in doc["feature"]]
        out["baseline"] += weight * float(doc["baseline"])
        out["depth"] = max(out["depth"], int(doc["depth"]))
        out["roots"] += [base + r for r in doc["roots"]]
        out["feature"] += list(doc["feature"])
        out["threshold"] += list(doc["threshold"])
        out["left"] += [0 if is_leaf else base + i for i, is_leaf in zip(doc["left"], leaf)]
        out["right"] += [0 if is_leaf else base + i for i, is_leaf in zip(doc["right"], leaf)]
        out["value"] += [weight * float(v) for v in doc["value"]]
    return out
