from .guided import GuidedNet  # noqa: F401
