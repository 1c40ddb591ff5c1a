"""Landscapes that are the loss of a small real model on real data (L0).

The ball's position is the model's two parameters; the height is the loss
over the whole data set (what is drawn), and ``batch_gradient`` gives the
gradient over a chosen subset of rows (what mini-batch SGD steps on).

- ``galton``: a straight line through Galton's 928 parent/child heights,
  mean squared error; x is the slope, y the line's height at the average
  parent, as an offset from the average child (inches).
- ``iris``: logistic regression telling Iris versicolor from Iris
  virginica by petal length and width (each as a z-score), cross-entropy;
  x and y are the two weights.
"""

from __future__ import annotations

import csv
from functools import cache

import numpy as np

from engine.maths.surfaces.base import Surface, register
from engine.support.resources import data_path


@cache
def _read(filename: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    with open(data_path(filename), encoding="utf-8", newline="") as stream:
        rows = [r for r in csv.reader(stream) if r and not r[0].startswith("#")]
    return tuple(rows[0]), tuple(tuple(r) for r in rows[1:])


class DataSurface(Surface):
    """A model's loss over a data set; rows are samples."""

    #: "line" (regression: the fit is a line through the points) or
    #: "boundary" (classification: the fit is where the model says 50 %).
    fit_kind = "line"
    source = ""
    x_label = ""
    y_label = ""

    @property
    def n_samples(self) -> int:
        raise NotImplementedError

    def batch_gradient(self, w: float, b: float, rows: np.ndarray) -> tuple[float, float]:
        """The loss gradient at (w, b) over the samples ``rows`` only."""
        raise NotImplementedError

    def points(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The data to draw, in its own units: (X, Y, weight or class)."""
        raise NotImplementedError

    def fit_line(self, w: float, b: float) -> tuple[float, float, float]:
        """The fit as a line a*X + b*Y = c in the data's own units."""
        raise NotImplementedError

    def minima_seeds(self) -> np.ndarray:
        # Both losses are convex: one minimum, reached by Newton from anywhere.
        return np.zeros((1, 2))


@register
class Galton(DataSurface):
    name = "galton"
    title = "Galton's heights: fitting a line"
    description = "the mean squared error of a straight line through Galton's parent and child heights"
    domain = (-3.0, 3.0)
    fit_kind = "line"
    source = "Galton (1886), 928 children of 205 families; public domain"
    x_label = "mid-parent height (in)"
    y_label = "child height (in)"

    def __init__(self, **values: float) -> None:
        super().__init__(**values)
        header, rows = _read("galton.csv")
        table = np.array([[float(v) for v in r] for r in rows])
        counts = table[:, 2].astype(np.int64)
        self.parent_cells, self.child_cells, self.counts = table[:, 0], table[:, 1], counts
        parent = np.repeat(table[:, 0], counts)
        child = np.repeat(table[:, 1], counts)
        self.parent_mean, self.child_mean = float(parent.mean()), float(child.mean())
        self.u = parent - self.parent_mean      # feature, centred
        self.t = child - self.child_mean        # target, centred
        # Mean squared error is a quadratic in (w, b): its sums say it all.
        self.suu, self.su = float(np.mean(self.u * self.u)), float(np.mean(self.u))
        self.sut = float(np.mean(self.u * self.t))
        self.st, self.stt = float(np.mean(self.t)), float(np.mean(self.t * self.t))

    @property
    def n_samples(self) -> int:
        return len(self.u)

    def value(self, x, y):
        w, b = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
        return (w * w * self.suu + 2 * w * b * self.su + b * b
                - 2 * w * self.sut - 2 * b * self.st + self.stt)

    def gradient(self, x, y):
        w, b = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
        return 2 * (w * self.suu + b * self.su - self.sut), 2 * (w * self.su + b - self.st)

    def batch_gradient(self, w, b, rows):
        u, t = self.u[rows], self.t[rows]
        r = w * u + b - t
        return float(2 * np.mean(r * u)), float(2 * np.mean(r))

    def points(self):
        return self.parent_cells, self.child_cells, self.counts.astype(np.float64)

    def fit_line(self, w, b):
        # child = child_mean + b + w (parent - parent_mean)
        #   <=>  -w * parent + 1 * child = child_mean + b - w * parent_mean
        return -w, 1.0, self.child_mean + b - w * self.parent_mean


@register
class Iris(DataSurface):
    name = "iris"
    title = "Fisher's irises: logistic regression"
    description = "the cross-entropy of a logistic regression telling two kinds of iris apart"
    domain = (-4.0, 8.0)
    fit_kind = "boundary"
    source = "Fisher (1936), Anderson's measurements of 100 irises; public domain"
    x_label = "petal length (cm)"
    y_label = "petal width (cm)"
    classes = ("versicolor", "virginica")

    def __init__(self, **values: float) -> None:
        super().__init__(**values)
        header, rows = _read("iris.csv")
        self.length = np.array([float(r[0]) for r in rows])
        self.width = np.array([float(r[1]) for r in rows])
        self.label = np.array([float(r[2] == self.classes[1]) for r in rows])
        self.l_mean, self.l_sd = float(self.length.mean()), float(self.length.std())
        self.w_mean, self.w_sd = float(self.width.mean()), float(self.width.std())
        self.f1 = (self.length - self.l_mean) / self.l_sd
        self.f2 = (self.width - self.w_mean) / self.w_sd

    @property
    def n_samples(self) -> int:
        return len(self.label)

    def _logits(self, w, b, rows=slice(None)):
        w, b = np.asarray(w, dtype=np.float64), np.asarray(b, dtype=np.float64)
        return w[..., None] * self.f1[rows] + b[..., None] * self.f2[rows]

    def value(self, x, y):
        z = self._logits(x, y)
        # log(1 + e^z) - t z, written so that large |z| never overflows.
        return np.mean(np.logaddexp(0.0, z) - self.label * z, axis=-1)

    def gradient(self, x, y):
        return self._gradient(x, y, slice(None))

    def _gradient(self, x, y, rows):
        z = self._logits(x, y, rows)
        r = 0.5 * (1.0 + np.tanh(0.5 * z)) - self.label[rows]   # sigmoid(z) - t, overflow-free
        return np.mean(r * self.f1[rows], axis=-1), np.mean(r * self.f2[rows], axis=-1)

    def batch_gradient(self, w, b, rows):
        gx, gy = self._gradient(np.float64(w), np.float64(b), rows)
        return float(gx), float(gy)

    def points(self):
        return self.length, self.width, self.label

    def fit_line(self, w, b):
        # w (L - Lm)/Ls + b (W - Wm)/Ws = 0
        a, c = w / self.l_sd, b / self.w_sd
        return a, c, a * self.l_mean + c * self.w_mean
