from setuptools import find_packages, setup

setup(name="deit_demo", version="0.3.1", packages=find_packages(),
      install_requires=["flask>=2.0", "pillow", "torch", "torchvision"])
