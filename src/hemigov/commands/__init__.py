"""Feature commands of the ``hemigov`` CLI.

Each public module here defines ``register(app, data_app)`` and adds its commands to the Typer apps, so a
feature brings its commands with it and ``cli.py`` stays small. Commands stay thin over the Python API and
print with ``hemigov.clikit.emit``.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer


def register_all(app: typer.Typer, data_app: typer.Typer) -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}").register(app, data_app)
