"""``hemigov serve``: an interactive dashboard and a JSON API over the read-only warehouse.

>>> from hemigov.serve import create_app
>>> app = create_app()          # FastAPI; run with uvicorn (``hemigov serve``)   # doctest: +SKIP

Modules: ``backend`` (cache, timeouts, the one door to the warehouse), ``service`` (constant SQL and feature
calls), ``validate`` (strict parameters), ``respond`` (JSON envelope / CSV), ``routes_api`` and
``indicator_routes`` (the API), ``routes_pages``, ``charts`` and ``templates/`` (the dashboard), ``assets``
(CSS, JS and the vendored Vega bundle). Documentation: docs/serve.md.
"""

from hemigov.serve.app import create_app

__all__ = ["create_app"]
