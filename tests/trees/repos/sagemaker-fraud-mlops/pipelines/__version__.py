"""Metadata for the pipelines package."""

__title__ = "pipelines"
__description__ = "fraud-detection pipelines"
__version__ = "0.1.0"
__author__ = "payments-ml"
__author_email__ = "payments-ml@acme-pay.example"
__license__ = "MIT No Attribution"
__url__ = "https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/fraud-detection-modelbuild"
