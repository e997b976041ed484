"""Feature commands of the ``hemigov`` CLI, one module a feature.

Each module defines ``register(app, data_app)`` and adds its commands to the Typer apps; ``cli.py`` calls them.
Commands stay thin over the Python API and print with ``hemigov.clikit.emit``.
"""
