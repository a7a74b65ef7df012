IMAGENET_CLASSES_URL = "https://raw.githubusercontent.com/pytorch/hub/master/imagenet_classes.txt"


def load_labels(path: str = "imagenet_classes.txt") -> list[str]:
    with open(path) as f:
        return [line.strip() for line in f]
