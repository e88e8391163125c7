"""What papershelf teaches citeproc-py to remember changes no formatted citation."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIBLIOGRAPHIES = ROOT / "tests" / "fixtures" / "bibliographies"

_SCRIPT = """
import json, sys
from pathlib import Path
from storage import citations
from storage.formats import read_bibliography
if sys.argv[1] == "plain":  # citeproc-py as it comes
    citations._remembered = lambda method: method
    citations._look_up_references_once = lambda: None
papers = [
    item.paper
    for path in sorted(Path(sys.argv[2]).glob("*.bib"))
    for item in read_bibliography(path, path.read_text(encoding="utf-8"), "bibtex")
]
styles = ["apa", "ieee", "nature", "chicago", "vancouver", "mla", "harvard"]
print(json.dumps({style: citations.format_bibliography(papers, style) for style in styles}))
"""


def test_citations_are_the_same_as_citeproc_py_formats_them_untaught() -> None:
    """Every fixture bibliography in seven styles: the same text, taught or not."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def formatted(mode: str) -> dict[str, list[str]]:
        result = subprocess.run(
            [sys.executable, "-c", _SCRIPT, mode, str(BIBLIOGRAPHIES)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        found: dict[str, list[str]] = json.loads(result.stdout)
        return found

    taught, plain = formatted("taught"), formatted("plain")
    assert sum(map(len, plain.values())) > 7 * 20  # enough papers to mean something
    assert taught == plain
