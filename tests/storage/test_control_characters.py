"""Imported text never keeps a control character; the import report says how many it
had, and where."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage import Library, View
from storage.text import strip_controls, visible

ESCAPES = "\x1b]0;PWNED\x07\x1b[2J\x1b]52;c;cGF5bG9hZA==\x07\x9b31m\x1b]8;;http://evil\x1b\\"
"""Title, clear-screen, clipboard, CSI (C1) and hyperlink sequences: 8 control characters."""


def _no_controls(text: str) -> bool:
    return not any(ord(c) < 0x20 and c not in "\t\n" or 0x7F <= ord(c) <= 0x9F for c in text)


def test_a_seed_document_s_escape_sequences_are_not_stored(
    library: Library, tmp_path: Path
) -> None:
    """Title, clipboard, clear-screen and hyperlink sequences in every field: gone, and
    the report counts them and names the lines."""
    seed = tmp_path / "hostile.txt"
    seed.write_text(
        f"TLDR A case{ESCAPES}.\nAbstract {ESCAPES}.\n3 citations,\n"
        f"May 2020 in “Journal{ESCAPES}” A finding{ESCAPES}.\n",
        encoding="utf-8",
    )
    (result,) = library.import_files([seed]).files
    assert result.error is None
    assert result.describe().endswith("; 32 control characters removed from lines 1, 2, 4")
    every = library.search(View(include_reports=True))
    texts = [e.paper.summary + e.paper.abstract + e.paper.journal for e in every]
    texts += [source.tldr + source.abstract for source in library.sources()]
    assert all(_no_controls(text) for text in texts)
    assert any("PWNED" in text for text in texts), "the text around them stays"


def test_a_bibliography_s_escape_sequences_are_not_stored(library: Library, tmp_path: Path) -> None:
    """The same for BibTeX."""
    bib = tmp_path / "hostile.bib"
    bib.write_text(f"@article{{x,\n  title = {{Bad{ESCAPES} title}},\n  year = 2020\n}}\n")
    (result,) = library.import_files([bib]).files
    assert "; 8 control characters removed from line 2" in result.describe()
    (entry,) = library.search(View("title"))
    assert _no_controls(entry.paper.display_title)


def test_an_ris_file_s_escape_sequences_are_not_stored(library: Library, tmp_path: Path) -> None:
    """And for RIS, in a title, a journal and an abstract."""
    ris = tmp_path / "hostile.ris"
    ris.write_text(
        f"TY  - JOUR\nTI  - Bad{ESCAPES} title\nAU  - Evil, Eve\nPY  - 2020\n"
        f"JO  - Journal{ESCAPES}\nAB  - An abstract{ESCAPES}.\nER  - \n"
    )
    (result,) = library.import_files([ris]).files
    assert result.describe().endswith("; 24 control characters removed from lines 2, 5, 6")
    (entry,) = library.search(View("title"))
    paper = entry.paper
    assert all(_no_controls(text) for text in (paper.title, paper.journal, paper.abstract))
    assert "PWNED" in paper.title, "the text around them stays"


@settings(max_examples=300)
@given(st.text())
def test_what_is_stripped_or_shown_holds_no_control_character(text: str) -> None:
    """Any text: stripped for storage, or shown for a terminal, has none left (but tabs
    and line breaks); the count is of what went, the lines named had one."""
    stripped, removed, lines = strip_controls(text)
    assert _no_controls(stripped.replace("\r", "\n"))
    assert _no_controls(visible(text))
    assert removed == len(text) - len(stripped) and bool(lines) == bool(removed)


@pytest.mark.parametrize(("raw", "shown"), [("\x1b[2J", "␛[2J"), ("\x07", "␇"), ("\x9b", "\ufffd")])
def test_a_control_character_is_shown_as_its_picture(raw: str, shown: str) -> None:
    """What the terminal gets instead: the control's picture, not the control."""
    assert visible(f"a{raw}b") == f"a{shown}b"
