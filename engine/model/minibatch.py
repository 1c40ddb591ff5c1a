"""Mini-batches for balls on a data landscape (L1).

A ball with a batch size steps on the gradient of a random subset of the
data, drawn afresh every step without replacement within the batch. Each
ball has its own generator, seeded from the scene's seed and the ball's
index and re-seeded when the ball restarts, so the draws depend only on
how many steps the ball has taken: the same at any frame rate.
"""

from __future__ import annotations

import numpy as np


class MiniBatches:
    def __init__(self, surface, batch_sizes: list[int], seed: int) -> None:
        n = getattr(surface, "n_samples", 0)
        self.surface = surface
        # 0, or the whole data set, is the full gradient: nothing to draw.
        self.sizes = [b if 0 < b < n else 0 for b in batch_sizes] if n else [0] * len(batch_sizes)
        self.n_samples = n
        self.seed = seed
        self._rngs: dict[int, np.random.Generator] = {}
        self.restart(range(len(self.sizes)))

    @property
    def active(self) -> bool:
        return any(self.sizes)

    def restart(self, balls) -> None:
        for i in balls:
            if self.sizes[i]:
                self._rngs[i] = np.random.default_rng([self.seed, i])

    def set_size(self, i: int, size: int) -> None:
        """Change ball i's batch size; its draws go on from where they were."""
        self.sizes[i] = size if 0 < size < self.n_samples else 0
        if self.sizes[i] and i not in self._rngs:
            self._rngs[i] = np.random.default_rng([self.seed, i])

    def rows(self, i: int) -> np.ndarray:
        """The next mini-batch of ball i (advances its generator)."""
        return self._rngs[i].choice(self.n_samples, size=self.sizes[i], replace=False)

    def patch(self, pos: np.ndarray, grad: np.ndarray, balls) -> None:
        """Replace ``grad[:, j]`` of the batched balls ``balls[j]`` by their
        mini-batch gradient at ``pos[:, j]``."""
        for j, i in enumerate(balls):
            if self.sizes[i]:
                grad[0, j], grad[1, j] = self.surface.batch_gradient(
                    float(pos[0, j]), float(pos[1, j]), self.rows(i))
