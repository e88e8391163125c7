"""A large .bib with one bad entry near its end is refused whole, naming the file, the
line and the reason, and the library's files stay as they were: reading fields in runs,
checking their names for repeats at once and writing the catalog a line at a time change
nothing of that. 10,000 entries by default; 100,000 with `-m slow` (25 s)."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import OnDisk

from storage import Library, View

LINES_PER_ENTRY = 6
BROKEN = {
    "field twice": ("  title = {Hair},\n  Title = {Again},\n", ",: field Title appears twice"),
    "no title": ("  note = {no title},\n", ": has no title"),
    "unclosed value": ("  note = {{never closed,\n", ",: a value is still open when line"),
}
"""The bad entry's body, and what the message says after its key."""


def _entry(number: int) -> str:
    return (
        f"@article{{paper{number},\n"
        f"  title = {{Hair follicle {{JAK}} signalling, part {number}}},\n"
        '  author = {M{\\"u}ller, Anna and Zhou, Lei},\n'
        "  journal = {Experimental Dermatology},\n"
        f"  year = {1995 + number % 30}, month = nov,\n"
        "}\n"
    )


@pytest.mark.parametrize("entries", [10_000, pytest.param(100_000, marks=pytest.mark.slow)])
@pytest.mark.parametrize("broken", sorted(BROKEN))
def test_a_bad_entry_near_the_end_refuses_the_whole_file(
    library: Library, on_disk: OnDisk, tmp_path: Path, broken: str, entries: int
) -> None:
    body, problem = BROKEN[broken]
    bad = entries - 3
    texts = [_entry(number) for number in range(entries)]
    texts[bad] = f"@article{{paper{bad},\n{body}}}\n"
    bib = tmp_path / "lab.bib"
    bib.write_text("".join(texts), encoding="utf-8")
    before = {path: path.read_bytes() for path in tmp_path.glob("library*")}
    papers = len(library.search(View()))

    (failed,) = library.import_files([bib]).failed

    line = bad * LINES_PER_ENTRY + 1
    assert failed.error is not None
    assert failed.error.startswith(f"{bib}:{line}: entry @article{{paper{bad}{problem}")
    assert failed.describe().endswith("; nothing imported from it")
    assert {path: path.read_bytes() for path in tmp_path.glob("library*")} == before
    assert len(on_disk().search(View())) == papers
