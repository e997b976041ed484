"""The README's examples run as written, in its order, on a fresh data home.

Synopsis lines are run in every form they show (``--as-of paper|latest`` twice, ``[--exhibit table3]`` with the
option). Three lines cannot run as written here and are run as close to it as this machine allows, each said
below: ``hemigov serve`` is started on a free port and asked for its pages; ``hemigov data fetch --source unhcr``
talks to the local mirror of the publishers' APIs (tests/fetch_server.py: no machine here reaches the internet)
for one endpoint; ``hemigov report --out DIR`` writes into a temporary folder.
"""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests import fetch_server

ROOT = Path(__file__).resolve().parents[1]


def _block(heading: str, lang: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    m = re.search(rf"```{lang}\n(.*?)```", section, re.S)
    assert m, f"no {lang} block under '## {heading}'"
    return m.group(1)


def _commands(block: str) -> list[str]:
    """The hemigov command lines of a shell block: comments cut, continued quotes joined."""
    out: list[str] = []
    for line in block.splitlines():
        code = re.split(r"\s#\s", line, maxsplit=1)[0].rstrip()
        if not code.strip() or code.lstrip().startswith("#"):
            continue
        if out and out[-1].count('"') % 2:  # inside a quoted argument that goes on
            out[-1] += " " + code.strip()
        else:
            out.append(code.strip())
    return out


def _forms(cmd: str) -> list[list[str]]:
    """Each runnable form of a synopsis line."""
    cmd = re.sub(r"\[(--[^\]]+)\]", r"\1", cmd)  # optional options, given
    forms = [cmd]
    m = re.search(r"(\S+)\|(\S+)", cmd)
    if m and not cmd.startswith("hemigov query"):
        forms = [cmd.replace(m.group(0), m.group(1)), cmd.replace(m.group(0), m.group(2))]
    out = []
    for f in forms:
        f = f.split(" > ", 1)[0]  # the redirect is the shell's
        out.append(shlex.split(f))
    return out


def _run(argv: list[str], env: dict[str, str], cwd: Path, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hemigov", *argv[1:]], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout, encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_readme_commands_and_python_run_as_written(shared_data, tmp_path):
    home = tmp_path / "home"
    site = tmp_path / "site"
    mirror = fetch_server.start(shared_data, delay=0.5)
    env = {**os.environ, "HEMIGOV_HOME": str(home), "COLUMNS": "100", **mirror.env()}
    env.pop("HEMIGOV_OFFLINE", None)
    cwd = ROOT  # ``../shared/data`` in the README is beside the repository
    if shared_data.resolve() != (ROOT.parent / "shared" / "data").resolve():
        pytest.fail(f"the README's ../shared/data must be the official data folder; it is not {shared_data}")
    commands = _commands(_block("Using it", "bash"))
    assert len(commands) >= 15, commands
    ran = []
    try:
        for cmd in commands:
            for argv in _forms(cmd):
                assert argv[0] == "hemigov", cmd
                if argv[1] == "serve":
                    port = _free_port()
                    proc = subprocess.Popen([sys.executable, "-m", "hemigov", "serve", "--port", str(port)],
                                            cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                    try:
                        for _ in range(300):
                            try:
                                r = httpx.get(f"http://127.0.0.1:{port}/api/docs", timeout=5)
                                break
                            except httpx.TransportError:
                                time.sleep(0.2)
                        else:
                            pytest.fail("hemigov serve did not answer within 60 s")
                        assert r.status_code == 200 and "swagger" in r.text.lower()
                        assert httpx.get(f"http://127.0.0.1:{port}/", timeout=30).status_code == 200
                    finally:
                        proc.terminate()
                        proc.wait(30)
                    ran.append(cmd)
                    continue
                if argv[1:3] == ["data", "fetch"]:
                    argv = [*argv, "--dataset", "solutions"]  # one endpoint of the mirror, not all of UNHCR
                if argv[1] == "report":
                    argv = [a if a != "DIR" else str(site) for a in argv if a != "--open"]
                res = _run(argv, env, cwd)
                assert res.returncode == 0, (cmd, res.stderr[-2000:])
                assert res.stdout.strip() or argv[1] == "report", cmd
                assert "Traceback" not in res.stderr, (cmd, res.stderr[-2000:])
                ran.append(cmd)
    finally:
        mirror.shutdown()
    assert (site / "index.html").is_file()

    here = tmp_path / "py"  # the Python block builds its report in ./site
    here.mkdir()
    res = subprocess.run([sys.executable, "-c", _block("Using it", "python")], cwd=here, env=env,
                         capture_output=True, text=True, timeout=900, encoding="utf-8")
    assert res.returncode == 0, res.stderr[-3000:]
    assert (here / "site" / "index.html").is_file()
