from setuptools import find_packages, setup

setup(
    name="vitcompress",
    version="1.0.0",
    author="Lucia Ortega, Jonas Brandt, Meera Iyer",
    packages=find_packages(exclude=("tests", "third_party")),
    install_requires=["torch>=2.1", "torchvision>=0.16", "timm>=0.9"],
    python_requires=">=3.9",
)
