"""Hostile documents: a clear error or a correct import, never a hang, traceback or half import."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from storage import Library, SeedDocument, SourceFileError, View, importing
from storage.seeds import MAX_SEED_BYTES, format_seed, parse_seed, read_seed


def _refused(library: Library, path: Path) -> str:
    """Import `path`, expect a refusal, and check that nothing changed."""
    before = (len(library.sources()), library.total())
    report = library.import_files([path])
    (result,) = report.files
    assert result.error is not None
    assert (len(library.sources()), library.total()) == before
    return result.error


def test_ten_megabyte_single_line_is_refused_with_its_line(
    library: Library, tmp_path: Path
) -> None:
    """A 10 MB line without entries names the file and what was expected after it."""
    path = tmp_path / "one-line.txt"
    path.write_text("TLDR " + "x" * 10_000_000)
    error = _refused(library, path)
    assert str(path) in error and "expected" in error


def test_ten_megabyte_summary_line_imports(library: Library, tmp_path: Path) -> None:
    """A huge but well-formed entry is not an error: it imports whole."""
    path = tmp_path / "long-entry.txt"
    summary = "Long " * 2_000_000
    path.write_text(format_seed("Huge.", "Abstract.", [(3, 2020, 1, "J", summary)]))
    (result,) = library.import_files([path]).files
    assert result.error is None and result.new_papers == 1


@pytest.mark.parametrize("name", ["huge.txt", "huge.bib", "huge.ris"])
def test_a_file_over_the_size_limit_is_refused_unread(
    library: Library, tmp_path: Path, name: str
) -> None:
    """A file past the limit is refused by its size, with the limit named: reading it
    would take gigabytes. A large library's export (230 MB) is under it."""
    path = tmp_path / name
    with path.open("wb") as file:  # sparse: no disk space taken
        file.truncate(MAX_SEED_BYTES + 1)
    error = _refused(library, path)
    assert str(path) in error and "larger than 512 MiB" in error
    assert MAX_SEED_BYTES > 230 * 10**6


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"TLDR fine\nabstract\x00\n", "NUL"),
        (b"TLDR caf\xe9\nabstract\n", "UTF-8"),
        (b"\xff\xfe\x00\x00garbage", "UTF-8"),
    ],
)
def test_binary_content_is_refused(
    library: Library, tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "binary.txt"
    path.write_bytes(content)
    assert expected in _refused(library, path)


def test_directory_missing_path_symlink_loop_and_fifo_are_refused(
    library: Library, tmp_path: Path
) -> None:
    """Paths that are not readable files are named with the reason, one by one."""
    loop = tmp_path / "loop.txt"
    os.symlink(loop, loop)
    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)  # reading it would wait for a writer for ever
    for path, reason in (
        (fifo, "not a regular file"),
        (tmp_path, "directory"),
        (tmp_path / "missing.txt", "no such file"),
        (loop, "too many levels of symbolic links"),
    ):
        error = _refused(library, path)
        assert str(path) in error
        assert reason in error.lower()
        with pytest.raises(SourceFileError):
            read_seed(path)


def test_two_hundred_thousand_entries_import_correctly(library: Library, tmp_path: Path) -> None:
    """A 200,000-entry document imports every paper, in one atomic write."""
    related = [
        (n % 500 or None, 1950 + n % 75, 1 + n % 12, f"Journal {n % 300}", f"Finding {n}.")
        for n in range(200_000)
    ]
    path = tmp_path / "huge.txt"
    path.write_text(format_seed("Huge source.", "Abstract.", related))
    before = library.total()
    (result,) = library.import_files([path]).files
    assert result.error is None and result.new_papers == 200_000
    assert Library(library.path).total() == before + 200_000
    assert len(library.search(View('"finding 199999."'))) == 1


def test_a_document_changed_while_it_is_read_is_refused(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program still writing the file (here: while it is parsed) gets it refused
    whole, not imported half; once it is done, the file imports."""
    path = tmp_path / "growing.txt"
    path.write_text(format_seed("Half.", "Abstract.", [(1, 2020, 1, "J", "First.")]))

    def parse_while_written(text: str, where: Path | str) -> SeedDocument:
        with path.open("a") as file:  # the writer goes on while papershelf reads
            file.write("May 2021 in “J” Second.\n")
        return parse_seed(text, where)

    monkeypatch.setattr(importing, "parse_seed", parse_while_written)
    error = _refused(library, path)
    assert str(path) in error and "changed while it was being read" in error
    monkeypatch.undo()
    (result,) = library.import_files([path]).files
    assert result.error is None and result.new_papers == 2


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("seed.txt", f"TLDR T.\nAbstract.\n{2**64} citations,\nMay 2020 in “J” S.\n"),
        ("big.bib", f"@article{{a,\n  title = {{A}},\n  papershelf-citations = {{{2**64}}}\n}}\n"),
        ("big.ris", f"TY  - JOUR\nTI  - A\nC4  - {2**64}\nER  - \n"),
    ],
)
def test_a_citation_count_too_large_to_store_is_refused_with_its_line(
    library: Library, tmp_path: Path, name: str, content: str
) -> None:
    """2**64 citations was a TypeError from the JSON writer: now it is bad input."""
    path = tmp_path / name
    path.write_text(content)
    error = _refused(library, path)
    assert error.startswith(f"{path}:") and "citation count" in error
    assert str(2**64) in error
