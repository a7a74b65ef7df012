from .hub import load_pretrained  # noqa: F401
