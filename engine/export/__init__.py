"""L1 export: clips and pictures written to disk (MP4, GIF, PNG frames) and
the terminal progress bar. Imports engine.support (and Pillow, PyAV); never
GL or a window: frames arrive as arrays.
"""
