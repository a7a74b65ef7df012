from .vitc import vitc_b, vitc_s  # noqa: F401
