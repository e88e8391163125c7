"""A long import tells how far it is, and a cancel before the write leaves no trace."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import ImportCancelled, ImportProgress, Library


def _bib(path: Path, entries: int) -> Path:
    path.write_text(
        "".join(f"@article{{k{n}, title = {{Paper {n}}}, year = 2020}}\n" for n in range(entries))
    )
    return path


def _files(library: Library) -> dict[str, bytes]:
    folder = library.path.parent
    return {item.name: item.read_bytes() for item in folder.iterdir() if item.is_file()}


def test_progress_counts_entries_then_the_write(library: Library, tmp_path: Path) -> None:
    """Each stage is told as it goes, at most STEPS times, the write last."""
    heard: list[tuple[str, int, int | None]] = []
    bib = _bib(tmp_path / "many.bib", 1000)
    report = library.import_files([bib], ImportProgress(lambda *step: heard.append(step)))
    assert report.new_papers == 1000
    entries = [done for what, done, _ in heard if what == "Reading the entries of many.bib"]
    assert entries == sorted(entries) and 10 < len(entries) <= ImportProgress.STEPS
    assert heard[-1] == ("Writing the library", 0, None)


@pytest.mark.parametrize("stage", ["Reading the entries of many.bib", "Adding many.bib"])
def test_a_cancel_before_the_write_imports_nothing(
    library: Library, tmp_path: Path, stage: str
) -> None:
    """Cancelled while reading or merging: ImportCancelled, and every file as it was."""
    bib = _bib(tmp_path / "many.bib", 1000)
    before = _files(library)
    progress: ImportProgress

    def watch(what: str, done: int, total: int | None) -> None:
        if what.startswith(stage):
            progress.cancel()

    progress = ImportProgress(watch)
    with pytest.raises(ImportCancelled):
        library.import_files([bib], progress)
    assert _files(library) == before
    assert library.total() == Library(library.path).total() == 9


def test_a_cancel_once_writing_began_is_refused(library: Library, tmp_path: Path) -> None:
    """The write is not interrupted: the import lands whole, and cancel says it cannot."""
    answers: list[bool] = []
    progress: ImportProgress

    def watch(what: str, done: int, total: int | None) -> None:
        if what == "Writing the library":
            answers.append(progress.cancel())

    progress = ImportProgress(watch)
    report = library.import_files([_bib(tmp_path / "few.bib", 3)], progress)
    assert answers == [False] and report.new_papers == 3
    assert Library(library.path).total() == 12
