from .resnet import build_backbone  # noqa: F401
