"""L2: the only package that imports moderngl."""
