"""Seed papers' ids and citation keys, pinned: a library made by any earlier papershelf
must find its papers under the same ids, and keep the keys already handed out."""

from __future__ import annotations

import hashlib
from pathlib import Path

from support import REPO_SEEDS, MakeLibrary

from storage import View

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
