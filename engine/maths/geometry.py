"""World mapping and drawable geometry as numpy arrays (L0, no GL).

The world is y-up and right-handed. A landscape point (x, y, loss) maps to

    world x =  (x - centre) / half_extent            in [-1, 1]
    world z = -(y - centre) / half_extent            in [-1, 1]
    world y = (display(loss) - d_low) / (d_high - d_low) * height_range

so the square domain always fills the same footprint and the drawn heights
span the same visual range whatever the landscape's units. Landscape y points
away from a viewer at +z, like a plot seen from its front edge. ``d_low`` and
``d_high`` bound the display heights found on a dense grid.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from engine.maths.surfaces import Surface

HEIGHT_RANGE = 0.9
BALL_RADIUS = 0.05
#: A jump's arc rises this share of its horizontal length above the chord.
HOP_RISE = 0.25


@dataclass(frozen=True)
class WorldMapping:
    surface: Surface
    d_low: float
    d_high: float
    height_range: float = HEIGHT_RANGE

    @classmethod
    def for_surface(cls, surface: Surface, height_range: float = HEIGHT_RANGE,
                    samples: int = 257) -> WorldMapping:
        x, y = surface.sample_grid(samples)
        with np.errstate(all="ignore"):
            d = surface.display_height(surface.value(x, y))
            d_min = surface.display_height(np.array([m.height for m in surface.minima] or [np.nan]))
        d = np.concatenate([np.ravel(d), np.ravel(d_min)])
        d = d[np.isfinite(d)]
        d_low, d_high = float(d.min()), float(d.max())
        if d_high - d_low < 1e-12:
            d_high = d_low + 1.0
        return cls(surface, d_low, d_high, height_range)

    # -- horizontal -----------------------------------------------------------
    @property
    def centre(self) -> float:
        return 0.5 * (self.surface.low + self.surface.high)

    @property
    def half_extent(self) -> float:
        return 0.5 * self.surface.extent

    def world_xz(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        wx = (np.asarray(x, dtype=np.float64) - self.centre) / self.half_extent
        if self.surface.dims == 1:
            return wx, np.zeros_like(wx)
        return wx, -(np.asarray(y, dtype=np.float64) - self.centre) / self.half_extent

    def landscape_xy(self, wx, wz) -> tuple[np.ndarray, np.ndarray]:
        x = self.centre + np.asarray(wx, dtype=np.float64) * self.half_extent
        if self.surface.dims == 1:
            return x, np.zeros_like(x)
        return x, self.centre - np.asarray(wz, dtype=np.float64) * self.half_extent

    # -- vertical -------------------------------------------------------------
    @property
    def _height_scale(self) -> float:
        return self.height_range / (self.d_high - self.d_low)

    def world_y_of_loss(self, loss) -> np.ndarray:
        d = self.surface.display_height(np.asarray(loss, dtype=np.float64))
        return (d - self.d_low) * self._height_scale

    def loss_of_world_y(self, wy) -> np.ndarray:
        d = np.asarray(wy, dtype=np.float64) / self._height_scale + self.d_low
        if self.surface.display == "linear":
            return d
        if self.surface.display == "log":
            return self.surface.global_minimum.height + np.expm1(np.maximum(d, 0.0))
        raise ValueError(f"cannot invert display mode '{self.surface.display}'")

    def world_height(self, x, y) -> np.ndarray:
        """World y of the surface above landscape point (x, y)."""
        with np.errstate(all="ignore"):
            return self.world_y_of_loss(self.surface.value(x, y))

    def height_fraction(self, x, y) -> np.ndarray:
        """Drawn height as a fraction 0..1 of the visual range (for colour)."""
        return np.clip(self.world_height(x, y) / self.height_range, 0.0, 1.0)

    def _display_slope(self, z: np.ndarray) -> np.ndarray:
        if self.surface.display == "linear":
            return np.ones_like(z)
        step = 1e-6 * np.maximum(1.0, np.abs(z))
        up = self.surface.display_height(z + step)
        down = self.surface.display_height(z - step)
        return (up - down) / (2.0 * step)

    # -- points and normals ---------------------------------------------------
    def to_world(self, x, y, loss=None) -> np.ndarray:
        """Landscape points to world points, shape (..., 3). Without ``loss``
        the points lie on the surface."""
        wx, wz = self.world_xz(x, y)
        wy = self.world_height(x, y) if loss is None else self.world_y_of_loss(loss)
        return np.stack(np.broadcast_arrays(wx, wy, wz), axis=-1)

    def from_world(self, points) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """World points (..., 3) back to landscape (x, y, loss)."""
        p = np.asarray(points, dtype=np.float64)
        x, y = self.landscape_xy(p[..., 0], p[..., 2])
        return x, y, self.loss_of_world_y(p[..., 1])

    def world_normals(self, x, y) -> np.ndarray:
        """Unit surface normals (..., 3) in world space from the analytic
        gradient, through the display transform and both axis scalings."""
        return self.surface_frame(x, y)[1]

    def surface_frame(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        """World points on the surface and their unit normals, each (..., 3),
        from one evaluation of the height and one of the gradient."""
        # Called every frame for a few dozen points (shadows, trails, balls):
        # the cost is the number of numpy calls, so the arrays are filled in
        # place rather than stacked.
        x, y = np.broadcast_arrays(np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64))
        with np.errstate(all="ignore"):
            z = self.surface.value(x, y)
            gx, gy = self.surface.gradient(x, y)
            wy = self.world_y_of_loss(z)
            k = self._height_scale * self.half_extent
            if self.surface.display != "linear":
                k = self._display_slope(z) * k
        points = np.empty(x.shape + (3,))
        points[..., 0] = (x - self.centre) / self.half_extent
        points[..., 1] = wy
        points[..., 2] = 0.0 if self.surface.dims == 1 else (self.centre - y) / self.half_extent
        # world y = f(x(wx), y(wz)) with dx/dwx = h and dy/dwz = -h: the
        # normal is (-dy/dwx, 1, -dy/dwz) = (-k gx, 1, k gy), made unit.
        normals = np.empty(x.shape + (3,))
        with np.errstate(all="ignore"):
            np.multiply(k, gx, out=normals[..., 0])
            np.negative(normals[..., 0], out=normals[..., 0])
            if self.surface.dims == 1:
                normals[..., 2] = 0.0
            else:
                np.multiply(k, gy, out=normals[..., 2])
        normals[~np.isfinite(normals)] = 0.0
        normals[..., 1] = 1.0
        normals /= np.sqrt(np.einsum("...i,...i->...", normals, normals))[..., None]
        return points, normals

    def ball_centre(self, x, y, radius: float = BALL_RADIUS) -> np.ndarray:
        """Where a ball of ``radius`` resting at (x, y) has its centre.

        A 1-D curve is seen edge-on, so there the ball rests on the curve's
        normal in the x/height plane as well.
        """
        points, normals = self.surface_frame(x, y)
        return points + radius * normals

    def hop_centre(self, start, end, t: float, radius: float = BALL_RADIUS) -> np.ndarray:
        """Where a ball jumping from landscape point ``start`` to ``end`` has
        its centre at ``t`` in 0..1: a gradient step is a jump, so the ball
        follows the straight segment between the two points (both in the
        landscape and in the world), lifted in a low arc whose height grows
        with the jump, and never dips into the surface beneath it. A short
        step is a low arc: it still reads as rolling."""
        t = min(max(float(t), 0.0), 1.0)
        (x0, y0), (x1, y1) = start, end
        ends = self.ball_centre(np.array([x0, x1], dtype=np.float64), np.array([y0, y1], dtype=np.float64),
                                radius)
        chord = ends[0] + t * (ends[1] - ends[0])
        span = float(np.hypot(ends[1, 0] - ends[0, 0], ends[1, 2] - ends[0, 2]))
        chord[1] += HOP_RISE * span * 4.0 * t * (1.0 - t)
        x, y = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
        floor = float(self.ball_centre(np.array(x), np.array(y), radius)[1])
        if np.isfinite(floor):
            chord[1] = max(chord[1], floor)
        return chord


@dataclass(frozen=True)
class GridMesh:
    positions: np.ndarray   # (n*n, 3) float32 world
    normals: np.ndarray     # (n*n, 3) float32 unit
    height: np.ndarray      # (n*n,) float32 drawn height fraction 0..1
    indices: np.ndarray     # (2*(n-1)^2*3,) uint32 triangle list


def grid_indices(n: int) -> np.ndarray:
    """Triangles of an n x n vertex grid, row-major, as a flat uint32 list."""
    i, j = np.meshgrid(np.arange(n - 1), np.arange(n - 1), indexing="ij")
    a = (i * n + j).ravel()
    b, c, d = a + 1, a + n, a + n + 1
    return np.stack([a, c, b, b, c, d], axis=1).astype(np.uint32).ravel()


def grid_tiles(n: int, tiles: int) -> list[tuple[range, range]]:
    """The cells of an n x n vertex grid cut into tiles x tiles blocks:
    (rows, columns) of cell indices per block, row of blocks by row."""
    cuts = np.linspace(0, n - 1, tiles + 1).round().astype(int)
    return [(range(cuts[a], cuts[a + 1]), range(cuts[b], cuts[b + 1]))
            for a in range(tiles) for b in range(tiles)]


def grid_indices_tiled(n: int, tiles: int) -> tuple[np.ndarray, np.ndarray]:
    """The triangles of ``grid_indices(n)``, same winding, block by block
    of ``grid_tiles(n, tiles)``, and each block's (first index, index
    count): every block is one contiguous range of the list, so a renderer
    can draw the blocks in any order, or skip some."""
    parts, ranges, first = [], [], 0
    for rows, cols in grid_tiles(n, tiles):
        i, j = np.meshgrid(np.asarray(rows), np.asarray(cols), indexing="ij")
        a = (i * n + j).ravel()
        b, c, d = a + 1, a + n, a + n + 1
        part = np.stack([a, c, b, b, c, d], axis=1).ravel()
        parts.append(part)
        ranges.append((first, len(part)))
        first += len(part)
    return np.concatenate(parts).astype(np.uint32), np.array(ranges, dtype=np.int64)


def grid_tile_bounds(grid: np.ndarray, tiles: int) -> np.ndarray:
    """World bounding boxes (tiles*tiles, 2, 3) (min, max) of the blocks of
    ``grid_tiles``, for an (n, n, 3) grid of vertex positions."""
    boxes = []
    for rows, cols in grid_tiles(grid.shape[0], tiles):
        part = grid[rows.start:rows.stop + 1, cols.start:cols.stop + 1]
        boxes.append((part.min(axis=(0, 1)), part.max(axis=(0, 1))))
    return np.array(boxes, dtype=np.float64)


def boxes_in_view(boxes: np.ndarray, view_proj: np.ndarray, ndc_y_range=None) -> np.ndarray:
    """Which world boxes (k, 2, 3) may show through ``view_proj`` (row
    vectors, pyrr layout): False only for a box wholly beyond one side of
    the view volume, or wholly above or below ``ndc_y_range`` (low, high)
    in normalized device y. Tested in clip space, so boxes reaching behind
    the eye need no special case."""
    corners = np.stack(np.meshgrid([0, 1], [0, 1], [0, 1], indexing="ij"), axis=-1).reshape(8, 3)
    points = np.where(corners[None, :, :] == 1, boxes[:, 1:2, :], boxes[:, 0:1, :])   # (k, 8, 3)
    clip = np.concatenate([points, np.ones(points.shape[:2] + (1,))], axis=2) @ np.asarray(view_proj, np.float64)
    x, y, z, w = clip[..., 0], clip[..., 1], clip[..., 2], clip[..., 3]
    y_low, y_high = (-1.0, 1.0) if ndc_y_range is None else ndc_y_range
    outside = ((x > w).all(axis=1) | (x < -w).all(axis=1) | (z > w).all(axis=1) | (z < -w).all(axis=1)
               | (y > y_high * w).all(axis=1) | (y < y_low * w).all(axis=1))
    return ~outside


def surface_grid(mapping: WorldMapping, n: int = 160) -> GridMesh:
    """The landscape as an n x n vertex grid (row index runs along y)."""
    lo, hi = mapping.surface.domain
    axis = np.linspace(lo, hi, n)
    x, y = np.meshgrid(axis, axis)
    positions, normals = mapping.surface_frame(x, y)
    positions, normals = positions.reshape(-1, 3), normals.reshape(-1, 3)
    height = positions[:, 1] / mapping.height_range
    return GridMesh(
        positions=np.nan_to_num(positions).astype(np.float32),
        normals=normals.astype(np.float32),
        height=np.clip(np.nan_to_num(height), 0.0, 1.0).astype(np.float32),
        indices=grid_indices(n),
    )


def curve_points(mapping: WorldMapping, n: int = 400) -> np.ndarray:
    """World points (n, 3) along a 1-D landscape's curve."""
    lo, hi = mapping.surface.domain
    x = np.linspace(lo, hi, n)
    return mapping.to_world(x, np.zeros_like(x))


def raycast_surface(mapping: WorldMapping, origin, direction, samples: int = 384,
                    refine: int = 48) -> tuple[float, float] | None:
    """The landscape point (x, y) where a world ray first meets the surface.

    The ray is clipped to the world's bounding slab, marched in even steps
    until it passes below the surface, then the crossing is bisected. A 1-D
    landscape is picked by where the ray crosses its vertical plane.
    """
    o = np.asarray(origin, dtype=np.float64)
    d = np.asarray(direction, dtype=np.float64)
    if mapping.surface.dims == 1:
        if abs(d[2]) < 1e-12:
            return None
        t = -o[2] / d[2]
        wx = o[0] + t * d[0]
        if t < 0 or abs(wx) > 1.0:
            return None
        x, y = mapping.landscape_xy(wx, 0.0)
        return float(x), float(y)
    t_near, t_far = _slab_interval(o, d, np.array([-1.0, -0.01, -1.0]),
                                   np.array([1.0, mapping.height_range + 0.01, 1.0]))
    if t_near is None:
        return None
    t = np.linspace(t_near, t_far, samples)
    gap = _gap_above_surface(mapping, o, d, t)
    below = np.flatnonzero(gap <= 0.0)
    if below.size == 0:
        return None
    k = below[0]
    if k == 0:
        hit = t[0]
    else:
        a, b = t[k - 1], t[k]
        for _ in range(refine):
            mid = 0.5 * (a + b)
            if _gap_above_surface(mapping, o, d, np.array([mid]))[0] > 0.0:
                a = mid
            else:
                b = mid
        hit = 0.5 * (a + b)
    p = o + hit * d
    x, y = mapping.landscape_xy(np.clip(p[0], -1, 1), np.clip(p[2], -1, 1))
    return float(x), float(y)


def _slab_interval(o, d, low, high):
    with np.errstate(divide="ignore", invalid="ignore"):
        t1, t2 = (low - o) / d, (high - o) / d
    t_lo = np.where(np.isnan(t1), -np.inf, np.minimum(t1, t2))
    t_hi = np.where(np.isnan(t2), np.inf, np.maximum(t1, t2))
    inside = (d == 0) & (o >= low) & (o <= high)
    t_lo = np.where(d == 0, np.where(inside, -np.inf, np.inf), t_lo)
    t_hi = np.where(d == 0, np.where(inside, np.inf, -np.inf), t_hi)
    near, far = max(float(t_lo.max()), 0.0), float(t_hi.min())
    return (near, far) if near <= far else (None, None)


def _gap_above_surface(mapping, o, d, t):
    p = o[None, :] + t[:, None] * d[None, :]
    x, y = mapping.landscape_xy(np.clip(p[:, 0], -1, 1), np.clip(p[:, 2], -1, 1))
    return p[:, 1] - mapping.world_height(x, y)


def surface_patches(mapping: WorldMapping, x, y, half_size, n: int = 9,
                    lift: float = 0.003) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Small square grids draped on the surface, one around each point
    (x[i], y[i]), for decals that must hug a curved landscape (rings,
    shadows). Returns world positions (k*n*n, 3) lifted along the normal,
    offsets (k*n*n, 2) in -1..1 across each patch (u along world x, v along
    world -z), and triangle indices. ``half_size`` is in world units, one
    value or one per point."""
    x = np.atleast_1d(np.asarray(x, dtype=np.float64))
    y = np.atleast_1d(np.asarray(y, dtype=np.float64))
    half = np.broadcast_to(np.asarray(half_size, dtype=np.float64), x.shape)
    ou, ov, base = _patch_template(n)
    reach = (half * mapping.half_extent)[:, None]
    lo, hi = mapping.surface.domain
    # Squeezed at the rim rather than hanging off the edge of the mesh.
    px = np.clip(x[:, None] + reach * ou[None, :], lo, hi)
    py = np.clip(y[:, None] + (0.0 if mapping.surface.dims == 1 else 1.0) * reach * ov[None, :], lo, hi)
    points, normals = mapping.surface_frame(px, py)
    positions = (points + lift * normals).reshape(-1, 3)
    offsets = np.tile(np.stack([ou, ov], axis=1), (len(x), 1))
    indices = (base[None, :] + (np.arange(len(x)) * n * n)[:, None]).ravel()
    return positions.astype(np.float32), offsets.astype(np.float32), indices.astype(np.uint32)


@functools.lru_cache(maxsize=8)
def _patch_template(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Patch offsets (u, v) in -1..1 and the patch's triangles, read-only."""
    axis = np.linspace(-1.0, 1.0, n)
    ou, ov = np.meshgrid(axis, axis)
    parts = (ou.ravel(), ov.ravel(), grid_indices(n))
    for part in parts:
        part.flags.writeable = False
    return parts
