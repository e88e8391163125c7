"""Seed papers' ids and citation keys, pinned: a library made by any earlier papershelf
must find its papers under the same ids, and keep the keys already handed out."""

from __future__ import annotations

import hashlib
import re
from itertools import product
from pathlib import Path
from string import ascii_lowercase

from hypothesis import given
from hypothesis import strategies as st
from support import REPO_SEEDS, MakeLibrary

from storage import View
from storage.citation_keys import _ascii, _first_word, _suffix, base_key, seed_key
from storage.records import content_id, paper_id

# Spacing, case, curly and straight quotes, a ligature, accents, a tab, a letter NFKD
# cannot decompose, keys that collide (suffixes), a summary of stop words longer than
# 200 characters, and a title word that starts with a digit.
_STOP_WORDS = "a an the of on in and for with to from by at as is are its via into "
PINNED_DOCUMENT = f"""TLDR  Müller’s  “Naïve” CAFÉ study of ﬁbroblasts.
An abstract line.
3 citations,
May 2020 in “Journal of Investigative Dermatology” The   effects of THE drug.
May 2020 in “Journal of Investigative Dermatology” the effects of the dose.
1,234 citations,
2020 in “Journal of Investigative Dermatology” Effects again, without a month.
2019 in “Revue française de Dermatologie” Ørsted’s ﬁbre and straße “tested”\ttwice.
0 citations,
Sept 2019 in “Revue française de Dermatologie” Ørsted's fibre and straße "tested" twice.
December 1999 in "Proceedings of the Society" {_STOP_WORDS * 5}42 answers.
January 2001 in “The Annals of X” 2nd-order effects in naïve mice.
"""

PINNED = [
    ("89997a334a84c242", "mullers"),
    ("da6ca91bf1931e5c", "investigative2020effects"),
    ("7f9bbf13330df0ae", "investigative2020effectsa"),
    ("ffd4a83a7bd445c8", "investigative2020effectsb"),
    ("bdcbf3ee6c5660c8", "revue2019orsteds"),
    ("0c382978d2e1081b", "revue2019orsted"),
    ("323a4f65f07e42ca", "society1999i"),  # the 200th character cuts `is` in two
    ("5054843cc522625c", "x20012nd"),
]
"""(id, key) of the document's papers, in the order they were imported."""
EVERY_PAPER_DIGEST = "b5d71891f6fd0a674028d2a87ba5c4d5b69084e7a4b78fb72a20fe49faa0e44f"
"""SHA-256 of the sorted `id key` lines of every paper after importing the shipped seeds and it."""


def test_seed_ids_and_keys_are_those_every_earlier_library_has(
    make_library: MakeLibrary, tmp_path: Path
) -> None:
    pinned = tmp_path / "pinned.txt"
    pinned.write_text(PINNED_DOCUMENT, encoding="utf-8")
    library = make_library()
    report = library.import_files([*sorted(REPO_SEEDS.glob("*.txt")), pinned])
    assert not report.failed
    papers = [entry.paper for entry in library.search(View(include_reports=True))]
    source = report.files[-1].source
    assert source is not None
    assert (source.id, source.report_id) == ("78f81f21694fded5", "89997a334a84c242")
    by_id = {paper.id: paper.key for paper in papers}
    assert [(pid, by_id.get(pid)) for pid, _ in PINNED] == PINNED
    assert len(papers) == 18
    rows = "\n".join(sorted(f"{paper.id} {paper.key}" for paper in papers))
    assert hashlib.sha256(rows.encode()).hexdigest() == EVERY_PAPER_DIGEST


_TEXT = st.text(st.characters(codec="utf-8"), max_size=30) | st.sampled_from(
    ["", "Journal of X", "The  “Naïve”\tcafé ﬁbre", "Ørsted’s straße", "İstanbul ΣΑΣ"]
)
_NUMBER = st.none() | st.integers(min_value=-5, max_value=10_000)


@given(_TEXT, _NUMBER, _NUMBER, _TEXT)
def test_a_paper_id_is_the_content_id_of_its_journal_date_and_summary(
    journal: str, year: int | None, month: int | None, summary: str
) -> None:
    """`paper_id` spells `content_id` out for speed; the ids must not move."""
    assert paper_id(journal, year, month, summary) == content_id(journal, year, month, summary)


def _first_word_as_written(text: str, skip: frozenset[str]) -> str:
    """The rule as first written: the words in order, the first not in `skip`, 200
    characters at a time."""
    for match in re.finditer(r"[a-z0-9]+", _ascii(text[:200])):
        if match[0] not in skip:
            return match[0]
    return _first_word_as_written(text[200:], skip) if len(text) > 200 else ""


_WORDS = st.lists(
    st.sampled_from([*_STOP_WORDS.split(), "journal", "annals", "Über", "x2", "a-b", "ø", "_"])
    | st.text(max_size=6),
    max_size=80,
).map(" ".join)


@given(_WORDS, st.sampled_from([frozenset(_STOP_WORDS.split()), frozenset(["journal", "of"])]))
def test_the_first_word_of_a_key_is_found_by_one_search_as_by_the_loop(
    text: str, skip: frozenset[str]
) -> None:
    assert _first_word(text, skip) == _first_word_as_written(text, skip)


@given(_TEXT, _NUMBER, _WORDS | _TEXT)
def test_a_seed_papers_key_is_the_general_key_of_a_paper_without_authors_or_title(
    journal: str, year: int | None, summary: str
) -> None:
    general = base_key(authors=(), journal=journal, year=year, title="", summary=summary)
    assert seed_key(journal, year, summary) == general


def test_key_suffixes_are_worked_out_as_they_were_counted() -> None:
    """Each position's suffix is the one the letters counted from `a` give it."""
    counted = [
        "".join(letters)
        for length in (1, 2, 3)
        for letters in product(ascii_lowercase, repeat=length)
    ]
    assert [_suffix(position) for position in range(len(counted))] == counted
    assert _suffix(700) == "zy"
