"""Marker decals as vertex arrays (L0, no GL): rings at minima and start
points, soft contact shadows, and glowing beacons.

A marker either hugs the surface (a small grid draped over it, so it never
sinks into a curved valley) or faces the eye (a flat quad, for beacons in
the air and for 1-D curves, which are seen edge-on).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.maths.geometry import WorldMapping, grid_indices, surface_patches

VERTEX_FLOATS = 13     # position xyz, uv, colour rgba, style x4
PATCH_SIZE = 7          # vertices per side of a draped patch
BIG_PATCH_SIZE = 15
BIG_MARKER = 0.05       # world units from the centre beyond which a patch is big


@dataclass(frozen=True)
class Marker:
    """A ring from ``ring_inner``*radius to radius, a disc filled with
    alpha ``fill`` (a negative fill draws a soft blob instead, for shadows),
    and a glow fading out to ``reach``*radius. ``radius`` is in world units.
    ``at`` is a landscape point (x, y) for a draped marker, or a world point
    (x, y, z) for one facing the eye."""

    at: tuple
    radius: float
    colour: tuple[float, float, float, float]
    ring_inner: float = 0.7
    fill: float = 0.0
    glow: float = 0.0
    reach: float = 1.0
    facing: bool = False

    @property
    def extent(self) -> float:
        """Radii from the centre that the marker's pixels can reach."""
        return max(1.0, self.reach) * 1.05

    def attributes(self) -> np.ndarray:
        return np.array([*self.colour, self.ring_inner, self.fill, self.glow, self.reach])


def marker_vertices(mapping: WorldMapping, eye, markers: list[Marker],
                    lift: float = 0.003) -> tuple[np.ndarray, np.ndarray]:
    """Vertices (m, 13) float32 and triangle indices (uint32) for ``markers``.
    Markers on a 1-D landscape face the eye, whatever they ask for."""
    one_d = mapping.surface.dims == 1
    draped = [m for m in markers if not m.facing and not one_d]
    facing = [m for m in markers if m.facing or one_d]
    parts, index_parts, base = [], [], 0
    # Big markers get finer patches, so their rings stay round on curved ground.
    for group in ([m for m in draped if m.radius * m.extent <= BIG_MARKER],
                  [m for m in draped if m.radius * m.extent > BIG_MARKER]):
        if not group:
            continue
        n = PATCH_SIZE if group[0].radius * group[0].extent <= BIG_MARKER else BIG_PATCH_SIZE
        xs = np.array([m.at[0] for m in group], dtype=np.float64)
        ys = np.array([m.at[1] for m in group], dtype=np.float64)
        extents = np.array([m.extent for m in group])
        half = np.array([m.radius for m in group]) * extents
        positions, offsets, indices = surface_patches(mapping, xs, ys, half, n, lift)
        verts = np.empty((len(positions), VERTEX_FLOATS), np.float32)
        verts[:, 0:3] = positions
        verts[:, 3:5] = offsets * np.repeat(extents, n * n)[:, None]
        verts[:, 5:13] = np.repeat(np.array([m.attributes() for m in group]), n * n, axis=0)
        parts.append(verts)
        index_parts.append(indices + base)
        base += len(verts)
    if facing:
        centres = np.array([_world_point(mapping, m.at) for m in facing])
        verts, indices = _facing_quads(centres, np.asarray(eye, dtype=np.float64), facing)
        parts.append(verts)
        index_parts.append(indices + base)
    if not parts:
        return np.empty((0, VERTEX_FLOATS), np.float32), np.empty(0, np.uint32)
    return np.vstack(parts), np.concatenate(index_parts).astype(np.uint32)


def _world_point(mapping: WorldMapping, at) -> np.ndarray:
    if len(at) == 3:
        return np.asarray(at, dtype=np.float64)
    return mapping.to_world(np.float64(at[0]), np.float64(at[1]))


def _facing_quads(centres: np.ndarray, eye: np.ndarray, markers: list[Marker]):
    forward = eye[None, :] - centres
    forward /= np.sqrt((forward * forward).sum(axis=1, keepdims=True))
    helper = np.where(np.abs(forward[:, 1:2]) < 0.95, [[0.0, 1.0, 0.0]], [[1.0, 0.0, 0.0]])
    right = _cross(helper, forward)
    right /= np.sqrt((right * right).sum(axis=1, keepdims=True))
    up = _cross(forward, right)
    corners = np.array([[-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0], [1.0, 1.0]])
    extents = np.array([m.extent for m in markers])
    size = (np.array([m.radius for m in markers]) * extents)[:, None, None]
    positions = (centres[:, None, :]
                 + size * (corners[None, :, 0:1] * right[:, None, :] + corners[None, :, 1:2] * up[:, None, :]))
    verts = np.empty((len(markers), 4, VERTEX_FLOATS), np.float32)
    verts[:, :, 0:3] = positions
    verts[:, :, 3:5] = corners[None, :, :] * extents[:, None, None]
    verts[:, :, 5:13] = np.array([m.attributes() for m in markers])[:, None, :]
    quad = grid_indices(2)
    indices = (quad[None, :] + 4 * np.arange(len(markers))[:, None]).ravel()
    return verts.reshape(-1, VERTEX_FLOATS), indices


def _cross(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise cross products of (k, 3) arrays; np.cross costs more in
    set-up than in arithmetic for the few rows drawn each frame."""
    return np.stack([a[:, 1] * b[:, 2] - a[:, 2] * b[:, 1],
                     a[:, 2] * b[:, 0] - a[:, 0] * b[:, 2],
                     a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0]], axis=1)
