from setuptools import find_packages, setup

setup(
    name="stylegan2_ada",
    version="1.0.0+d72cc7d",
    description="StyleGAN2-ADA (vendored copy of NVlabs/stylegan2-ada-pytorch)",
    packages=find_packages(),
    install_requires=["torch>=1.7", "numpy", "scipy", "click", "requests", "pillow", "flask"],
    license="NVIDIA Source Code License",
)
