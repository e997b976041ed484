"""The command line as its users see it: one line and exit 2 for every kind of bad input, exit 1 for other
failures, output that fits the terminal with readable numbers, ``--version`` and a clean ``--help``."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time

import pytest

from hemigov.core.meta import VERSION
from tests.helpers import run_cli

#: A query that never ends on its own: it stops at the statement timeout.
INFINITE_CTE = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r"

#: Each command's bad input: (arguments, words the one line must hold). All exit 2.
BAD_INPUT = [
    (["nosuch"], "no such command 'nosuch'"),
    (["indicator", "representation", "--yeras", "2015"], "no such option: --yeras"),
    (["indicator"], "give an indicator name"),
    (["indicator", "represntation"], "unknown indicator 'represntation'; did you mean representation?"),
    (["indicator", "representation", "-p", "bogus=1"], "unknown parameter"),
    (["indicator", "representation", "-p", "years=2015-20"], "is not a period"),
    (["indicator", "representation", "-p", "years=1900-1910"], "outside the data"),
    (["indicator", "representation", "-p", "destination=CNA"], "did you mean CAN?"),
    (["indicator", "representation", "-p", "years"], "is not key=value"),
    (["indicator", "representation", "-p", "scheme=unhrc"], "did you mean unhcr?"),
    (["replicate", "--exhibit", "table9"], "unknown exhibit 'table9'"),
    (["replicate", "--updated"], "give the exhibit too"),
    (["claims", "--as-of", "yesterday"], "yesterday"),
    (["effect", "--case", "mexico-visa-2099"], "unknown case"),
    (["effect", "--series", "rcmp:province=Quebec", "--event", "not-an-event"], "unknown event"),
    (["events", "--topic", "astrology"], "unknown topic 'astrology'"),
    (["events", "--since", "yesterday"], "yesterday"),
    (["countries", "--group", "NTCAA"], "unknown grouping 'NTCAA'; did you mean NTCA?"),
    (["table", "v_nope"], "unknown table 'v_nope'"),
    (["table", "displacement", "--vintage", "2019-01"], "unknown vintage of displacement '2019-01'"),
    (["query", "SELEC 1"], "syntax error"),
    (["query", "SET memory_limit = '64GB'"], "locked"),
    (["query", "SET threads = 64"], "locked"),
    (["query", INFINITE_CTE, "--timeout", "1"], "stopped after the 1 s statement timeout"),
    (["query", "SELECT count(*) FROM range(1000000000) a, range(1000000000) b", "--timeout", "1"],
     "stopped after the 1 s statement timeout"),
    (["data", "import", "/nonexistent/folder"], "no such file or folder"),
    (["data", "diff", "no.such.dataset"], "no.such.dataset"),
    (["data", "fetch", "--source", "nosuch", "--offline"], "nosuch"),
    (["serve", "--port", "abc"], "--port"),
]


@pytest.mark.parametrize(("args", "words"), BAD_INPUT, ids=[" ".join(a) for a, _ in BAD_INPUT])
def test_bad_input_is_one_line_and_exit_2(home, capsys, args, words):
    code, out, err = run_cli(args, capsys)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 2, (code, out, err)
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert words.lower() in lines[0].lower(), lines[0]
    assert not re.search(r"\b[A-Z][a-zA-Z]+(Error|Exception)\b", lines[0]), lines[0]  # no class names


def test_a_query_stops_at_its_timeout_in_the_api_and_the_command(home):
    import hemigov
    from hemigov.core.errors import InputError
    from hemigov.warehouse import reader

    assert reader.QUERY_TIMEOUT == 30.0  # the documented default of hemigov.query and hemigov query
    t = time.monotonic()
    with pytest.raises(InputError, match=r"stopped after the 0\.5 s statement timeout"):
        hemigov.query(INFINITE_CTE, timeout=0.5)
    assert time.monotonic() - t < 10  # stopped, not run until memory ran out
    assert int(hemigov.query("SELECT 41 + 1 AS n")["n"][0]) == 42  # the held connection still answers
    t = time.monotonic()
    res = subprocess.run([sys.executable, "-m", "hemigov", "query", INFINITE_CTE, "--timeout", "2"],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 2 and res.stderr.strip().count("\n") == 0, res.stderr
    assert res.stderr.startswith("error: query: stopped after the 2 s statement timeout"), res.stderr
    assert time.monotonic() - t < 60


def test_other_failures_exit_1_with_one_line(home, capsys):
    code, _, err = run_cli(["snapshot", "build"], capsys)
    assert code == 1 and err.count("\n") == 1 and err.startswith("error: "), err


def test_version_and_a_clean_help(capsys):
    code, out, _ = run_cli(["--version"], capsys)
    assert (code, out.strip()) == (0, f"hemigov {VERSION}")
    code, out, _ = run_cli(["--help"], capsys)
    assert code == 0 and "<bool>" not in out and "--version" in out
    code, out, _ = run_cli(["indicator", "--help"], capsys)
    assert code == 0 and "<bool>" not in out and "--all-columns" in out


def test_a_readme_example_fits_100_columns_with_readable_numbers(home):
    env = {**__import__("os").environ, "COLUMNS": "100"}
    res = subprocess.run([sys.executable, "-m", "hemigov", "indicator", "representation", "-p", "destination=CAN",
                          "-p", "years=2015-2020"], capture_output=True, text=True, env=env, check=True)
    lines = res.stdout.splitlines()
    assert max(len(ln) for ln in lines) <= 100, max(lines, key=len)
    floats = re.findall(r"\d+\.(\d+)", res.stdout)
    assert all(len(f) <= 4 for f in floats), floats
    assert "Western hemisphere" in res.stdout and "0.8%" in res.stdout  # 1,341 of 160,645 (UNHCR)


def test_long_results_are_summarised_and_machines_get_every_column(home, capsys):
    code, out, _ = run_cli(["indicator", "fair_share", "-p", "target=1000", "-p", "key=gni,eu2015"], capsys)
    assert code == 0 and len(out.splitlines()) < 40  # one row per country, the keys as columns
    assert "gni_places" in out and "eu2015_places" in out
    code, out, _ = run_cli(["indicator", "fair_share", "-p", "target=1000", "-p", "key=gni,eu2015", "--json"],
                           capsys)
    rows = json.loads(out)
    assert len(rows) == 2 * 9 and {"weight", "fair_share", "actual", "sources"} <= set(rows[0])


def test_piped_output_without_columns_is_not_wrapped(home, monkeypatch):
    env = {k: v for k, v in __import__("os").environ.items() if k != "COLUMNS"}
    res = subprocess.run([sys.executable, "-m", "hemigov", "countries"], capture_output=True, text=True, env=env,
                         check=True)
    body = [ln for ln in res.stdout.splitlines() if ln.startswith("│")]
    assert len(body) == 243  # one line per country: nothing wrapped
