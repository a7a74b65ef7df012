from .model import tinyvit_5m, tinyvit_11m, tinyvit_21m  # noqa: F401
