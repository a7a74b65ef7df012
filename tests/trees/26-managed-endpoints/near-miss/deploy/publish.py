"""Publishes the docs site; the model itself is only trained here (serving is another team's)."""
from mkdocs_deploy import Site

site = Site("docs/")
site.deploy(branch="gh-pages", message="docs for the churn model")
# model.deploy(endpoint=endpoint, machine_type="n1-standard-4") once the platform team is ready
