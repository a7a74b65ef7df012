"""Churn prediction for Acme subscription accounts."""

__version__ = "3.2.0"
