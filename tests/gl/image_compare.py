"""Image comparison for render tests: per-pixel tolerance, a cap on the share
of differing pixels, and PNGs of the actual picture and the difference when
a comparison fails. References are rewritten only when
DOWNHILL_UPDATE_REFERENCES=1."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from PIL import Image

from engine.gl.offscreen import save_png

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
OUTPUT_DIR = Path(__file__).resolve().parents[1] / "output"


def pixel(image: np.ndarray, x: float, y: float) -> np.ndarray:
    """The pixel at (x, y) with the origin bottom-left, as the camera counts."""
    h, w = image.shape[:2]
    return image[h - 1 - int(round(y)), int(round(x))].astype(int)


def assert_matches_reference(image: np.ndarray, name: str, tolerance: int = 10,
                             max_share: float = 0.005) -> None:
    reference_path = REFERENCE_DIR / f"{name}.png"
    if os.environ.get("DOWNHILL_UPDATE_REFERENCES") == "1" or not reference_path.exists():
        if os.environ.get("DOWNHILL_UPDATE_REFERENCES") != "1":
            raise AssertionError(f"missing reference {reference_path}; "
                                 "run with DOWNHILL_UPDATE_REFERENCES=1 to create it")
        save_png(image, reference_path)
        return
    reference = np.asarray(Image.open(reference_path).convert("RGB"))
    assert reference.shape == image.shape, f"{name}: size {image.shape} differs from {reference.shape}"
    difference = np.abs(reference.astype(int) - image.astype(int)).max(axis=2)
    share = float((difference > tolerance).mean())
    if share > max_share:
        save_png(image, OUTPUT_DIR / f"{name}-actual.png")
        save_png(np.minimum(difference * 4, 255).astype(np.uint8)[:, :, None].repeat(3, axis=2),
                 OUTPUT_DIR / f"{name}-diff.png")
        raise AssertionError(f"{name}: {share:.2%} of pixels differ by more than {tolerance} "
                             f"(allowed {max_share:.2%}); see {OUTPUT_DIR}")
