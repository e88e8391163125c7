"""The command line as a shell runs it: wall time to the first line and to the last.

Every command runs as a real process (`python -m tui`), reading its output through a
pipe as `| less` or a script would, the median of `REPEATS` runs. Beside them, the floor:
a process that only loads the library's three files with orjson and prints the same
lines the command printed (what no reading list on this data can beat), and each
command's time as a multiple of it, in wall time and in CPU time (user and system, which
other processes on a busy machine distort far less).

    python -m benchmarks.cli --sizes 10000 100000   # the libraries benchmarks.run made

A copy of each library is measured (`tag` changes it); the run's own table calls
`measure_cli` on the library it just filled.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from storage import Library, View

from .generate import DATA_DIR

REPEATS: Final = 3
CITED: Final = 1_000
"""Papers `cite` formats (all of them in a smaller library)."""
SEARCH: Final = "hair follicle"
EXPORT_FORMATS: Final = ("bibtex", "ris", "csl-json", "markdown", "csv")
ROOT: Final = Path(__file__).resolve().parent.parent

_FLOOR: Final = """
import sys, orjson
db, printed = sys.argv[1], sys.argv[2]
for name in (".catalog.json", ".json"):
    orjson.loads(open(db.removesuffix(".json") + name, "rb").read())
try:
    journal = open(db.removesuffix(".json") + ".journal", "rb").read()
except FileNotFoundError:
    journal = b""
[orjson.loads(line) for line in journal.splitlines()]
sys.stdout.buffer.write(open(printed, "rb").read())
"""
"""Load the files as papershelf stores them, then print what the command printed."""


def _environment(home: Path) -> dict[str, str]:
    """This checkout's code, compiled once as an installed package's is (not again by
    every process, which cost each command 0.2 s), and settings of its own."""
    environment = {
        key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"
    }
    return {
        **environment,
        "PYTHONPATH": str(ROOT),
        "PYTHONPYCACHEPREFIX": str(home / "bytecode"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_DATA_HOME": str(home / "data"),
    }


@dataclass(frozen=True)
class _Timing:
    """One run of a command."""

    first: float
    """Seconds from spawning it to its first line."""
    last: float
    """Seconds to its last line (and its exit)."""
    cpu: float
    """CPU seconds it used (user and system): what a busy machine distorts least."""


def _run(argv: list[str], env: dict[str, str], keep: Path | None = None) -> _Timing:
    """One run of a process, its output saved in `keep` if given."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert process.stdout is not None
    head = process.stdout.readline()
    first = time.perf_counter() - started
    rest = process.stdout.read()
    _, err = process.communicate()
    last = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:6])} failed: {err.decode(errors='replace')}")
    if keep is not None:
        keep.write_bytes(head + rest)
    cpu = after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime
    return _Timing(first, last, cpu)


def _median(
    argv: list[str], env: dict[str, str], repeats: int, keep: Path | None = None
) -> _Timing:
    """The medians of `repeats` runs; `{run}` in an argument becomes the run's number
    (each `tag` run then adds a new tag, not the one the first run added)."""
    runs = [_run([a.replace("{run}", str(n)) for a in argv], env, keep) for n in range(repeats)]
    return _Timing(
        statistics.median(r.first for r in runs),
        statistics.median(r.last for r in runs),
        statistics.median(r.cpu for r in runs),
    )


def measure_cli(db: Path, repeats: int = REPEATS) -> dict[str, float]:
    """Every measured command on a copy of the library at `db`."""
    with tempfile.TemporaryDirectory(prefix="papershelf-cli-") as folder:
        home = Path(folder)
        copy = home / db.name
        for own in db.parent.glob(f"{db.stem}.*"):
            shutil.copy2(own, home / own.name)
        return _measure(copy, home, repeats)


def _measure(db: Path, home: Path, repeats: int) -> dict[str, float]:
    env = _environment(home)
    papershelf = [sys.executable, "-m", "tui", "--db", str(db)]
    ids = Library(db).search(View()).ids()
    commands: dict[str, list[str]] = {
        "list": ["list"],
        "list_json": ["list", "--json"],
        "search": ["list", SEARCH],
        "tag": ["tag", ids[0], "+cli-bench-{run}"],
        **{f"export_{name}": ["export", "--format", name] for name in EXPORT_FORMATS},
        "cite": ["cite", *ids[:CITED]],
    }
    _run([*papershelf, "list", "--json", "nothing-matches-this"], env)  # compiles the code
    result: dict[str, float] = {}
    for name, words in commands.items():
        printed = home / f"{name}.out"
        timing = _median([*papershelf, *words], env, repeats, printed)
        result[f"cli_{name}_s"] = timing.last
        result[f"cli_{name}_first_s"] = timing.first
        result[f"cli_{name}_cpu_s"] = timing.cpu
        if name in ("list", "list_json", "search", "tag"):
            floor_argv = [sys.executable, "-c", _FLOOR, str(db), str(printed)]
            floor = _median(floor_argv, env, repeats)
            result[f"cli_{name}_floor_s"] = floor.last
            result[f"cli_{name}_ratio"] = timing.last / floor.last
            result[f"cli_{name}_cpu_ratio"] = timing.cpu / floor.cpu
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeats", type=int, default=REPEATS, help="runs of each command")
    args = parser.parse_args()
    for size in args.sizes:
        db = DATA_DIR / f"library-{size}" / "library.json"
        print(f"{size:,} papers", flush=True)
        for key, value in measure_cli(db, args.repeats).items():
            print(f"  {key:<28} {value:8.3f}", flush=True)


if __name__ == "__main__":
    main()
