"""Which optimizer each ball uses, with its own hyper-parameters (L1).

One optimizer instance per kind in use, sized for every ball; a ball steps
only under the kind it currently uses. Each kind's hyper-parameters are one
(n,) array per name, read-only outside this class: every change goes through
here, so the per-step arguments derived from them can be cached safely.
"""

from __future__ import annotations

import numpy as np

from engine.maths.optim import Optimizer, optimizer_class


class BallOptimizers:
    def __init__(self, n: int, specs: list[tuple[str, dict[str, float]]]) -> None:
        self.n = n
        self.opts: dict[str, Optimizer] = {}
        self.hyper: dict[str, dict[str, np.ndarray]] = {}
        self.kind = np.empty(n, dtype=object)
        self.kinds: list[str] = [""] * n
        self._args: dict[str, dict] = {}
        self._floats: dict[int, dict[str, float]] = {}
        self._masks: dict[str, np.ndarray] = {}
        names = [name for name, _ in specs]
        kinds = list(dict.fromkeys(names))
        for name in kinds:
            if len(kinds) == 1:
                indices = list(range(n))
            else:
                indices = [i for i, kind in enumerate(names) if kind == name]
            self.assign(indices, name, [specs[i][1] for i in indices])

    def assign(self, indices: list[int], name: str, values: list[dict]) -> None:
        """Put the balls ``indices`` under ``name`` with fresh state; ``values[j]``
        holds hyper-parameters for ball ``indices[j]`` (the rest stay as they are)."""
        cls = optimizer_class(name)
        if name not in self.opts:
            self.opts[name] = cls(self.n, dims=2)
            self.hyper[name] = {k: np.full(self.n, v, dtype=np.float64) for k, v in cls.defaults.items()}
            for table in self.hyper[name].values():
                table.flags.writeable = False
        where = np.asarray(indices, dtype=np.int64)
        # Many balls sharing one dict of settings (a basin map's grid of
        # starts) are written in one assignment per key, not ball by ball.
        shared = values[0] if len(set(map(id, values))) == 1 else None
        for key in cls.defaults:
            if shared is not None:
                if key in shared:
                    self._write(name, key, where, float(shared[key]))
                continue
            given = [(i, float(v[key])) for i, v in zip(indices, values) if key in v]
            if given:
                chosen, what = zip(*given)
                self._write(name, key, list(chosen), list(what))
        mask = np.zeros(self.n, dtype=bool)
        mask[where] = True
        self.opts[name].reset(mask)
        self.kind[where] = name
        if len(indices) == self.n:
            self.kinds[:] = [name] * self.n
        else:
            for i in indices:
                self.kinds[i] = name
        in_use = set(self.kinds)
        #: The one kind every ball uses, or None while they differ.
        self.sole = in_use.pop() if len(in_use) == 1 else None
        self._masks.clear()
        self._floats.clear()

    def set_hyper(self, key: str, value: float, indices: list[int]) -> None:
        """Each ball's own kind takes the value, if that kind has the key."""
        for name in self.opts:
            if key in self.hyper[name]:
                mine = [i for i in indices if self.kinds[i] == name]
                if mine:
                    self._write(name, key, mine, value)

    def _write(self, name: str, key: str, where, value) -> None:
        table = self.hyper[name][key]
        table.flags.writeable = True
        table[where] = value
        table.flags.writeable = False
        self._args.pop(name, None)
        self._floats.clear()

    def hyper_of(self, i: int) -> dict[str, float]:
        return {k: float(v[i]) for k, v in self.hyper[self.kinds[i]].items()}

    def args(self, name: str) -> dict:
        """The hyper-parameters as an optimizer takes them, one value where all
        balls agree: multiplying by one number costs less than by an array,
        and gives every ball the same bits."""
        args = self._args.get(name)
        if args is None:
            args = self._args[name] = {
                key: np.float64(values[0]) if np.all(values == values[0]) else values
                for key, values in self.hyper[name].items()}
        return args

    def floats(self, i: int) -> dict[str, float]:
        """Ball i's hyper-parameters as plain floats, for a one-ball step."""
        values = self._floats.get(i)
        if values is None:
            values = self._floats[i] = self.hyper_of(i)
        return values

    def kind_mask(self, name: str) -> np.ndarray:
        mask = self._masks.get(name)
        if mask is None:
            mask = self._masks[name] = np.array([k == name for k in self.kinds], dtype=bool)
        return mask

    def take(self, index: np.ndarray) -> "BallOptimizers":
        """The balls ``index`` alone, with their kinds, settings and state."""
        index = np.asarray(index, dtype=np.int64)
        part = BallOptimizers(index.size, [])
        for name, opt in self.opts.items():
            part.opts[name] = opt.take(index)
            part.hyper[name] = {key: values[index] for key, values in self.hyper[name].items()}
            for table in part.hyper[name].values():
                table.flags.writeable = False
        part.kind[:] = self.kind[index]
        if self.sole is not None:
            part.kinds[:] = [self.sole] * index.size
        else:
            part.kinds[:] = [self.kinds[i] for i in index.tolist()]
        part.sole = self.sole
        return part

    def reset(self, mask: np.ndarray) -> None:
        for opt in self.opts.values():
            opt.reset(mask)
