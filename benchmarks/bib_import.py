"""`papershelf import` of a 10,000-entry .bib file (and of a 100,000-entry one, in the
100,000-paper column), as Zotero and Better BibTeX write them.

The files are generated (deterministically: the same entries every run) under
benchmarks/data/, never committed. Its entries look like a real researcher's export:
three to eight authors with accented names, titles with case-protecting braces and the
odd formula, abstracts of 150-250 words with escaped `%` and `&`, and the fields
reference managers add (`file`, `timestamp`, `keywords`, `langid`). About one entry in
ten is a book, chapter, conference paper or thesis.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Final

from .generate import DATA_DIR

ENTRIES: Final = 10_000
BIB_PATH: Final = DATA_DIR / f"zotero-{ENTRIES}.bib"
LARGE_ENTRIES: Final = 100_000
"""The large file's entries: a whole lab's shared library, imported at once."""

_FAMILY: Final = (
    "Müller",
    "García",
    "Zhou",
    "Gentile",
    "Nakamura",
    "Kowalski",
    "O'Brien",
    "van der Berg",
    "Håkansson",
    "Dubois",
    "Rossi",
    "Smith",
    "Øvergaard",
    "Lee",
    "Şahin",
    "Novák",
    "Ivanova",
    "Kim",
    "Patel",
    "Schäfer",
)
_GIVEN: Final = ("Anna", "José", "Lei", "Pietro", "Yuki", "Piotr", "Siobhán", "Håkan", "Min")
_LATEX: Final = {
    "ü": '{\\"u}',
    "ä": '{\\"a}',
    "é": "{\\'e}",
    "í": "{\\'i}",
    "á": "{\\'a}",
    "å": "{\\aa}",
    "Å": "{\\AA}",
    "Ø": "{\\O}",
    "Ş": "{\\c S}",
}
_WORDS: Final = [
    "hair",
    "follicle",
    "stem",
    "cell",
    "exosome",
    "vesicle",
    "therapy",
    "mouse",
    "skin",
    "alopecia",
    "dermal",
    "papilla",
    "regeneration",
    "growth",
    "signalling",
    "pathway",
    "inflammation",
    "keratinocyte",
    "fibroblast",
    "wound",
    "healing",
    "collagen",
    "scaffold",
    "differentiation",
    "apoptosis",
    "biomarker",
    "cohort",
    "randomised",
    "trial",
    "placebo",
    "dose",
    "safety",
    "efficacy",
    "transcriptome",
    "organoid",
    "graft",
    "psoriasis",
    "melanoma",
    "androgen",
]
_ACRONYMS: Final = ("JAK", "STAT", "MSCs", "DNA", "RNA-seq", "Wnt", "TGF", "CD34")
_JOURNALS: Final = (
    "Journal of Investigative Dermatology",
    "Stem Cell Research \\& Therapy",
    "Scientific Reports",
    "Cells",
    "British Journal of Dermatology",
    "Experimental Dermatology",
)


def _latex(text: str) -> str:
    return "".join(_LATEX.get(char, char) for char in text)


def _title(rng: random.Random) -> str:
    words = rng.choices(_WORDS, k=rng.randint(6, 14))
    if rng.random() < 0.5:
        words.insert(rng.randrange(len(words)), "{" + rng.choice(_ACRONYMS) + "}")
    if rng.random() < 0.05:
        words.append("with {$\\beta$}-catenin")
    return " ".join(words).capitalize()


def _abstract(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(8, 12)):
        sentence = " ".join(rng.choices(_WORDS, k=rng.randint(12, 24))).capitalize()
        if rng.random() < 0.2:
            sentence += f" by {rng.randint(10, 90)}\\%"
        if rng.random() < 0.1:
            sentence += " \\& controls"
        sentences.append(sentence + ".")
    return " ".join(sentences)


def _entry(rng: random.Random, number: int) -> str:
    authors = [
        f"{_latex(rng.choice(_FAMILY))}, {_latex(rng.choice(_GIVEN))}"
        for _ in range(rng.randint(3, 8))
    ]
    authors = [
        f"{{van der Berg}}, {name.split(', ')[1]}" if "van der" in name else name
        for name in authors
    ]
    year = rng.randint(1995, 2025)
    key = f"{rng.choice(_WORDS)}_{year}_{number}"
    kind = rng.choices(
        ["article", "book", "incollection", "inproceedings", "phdthesis"], [90, 3, 3, 3, 1]
    )[0]
    fields = [("title", _title(rng)), ("author", " and ".join(authors))]
    if kind == "article":
        fields += [
            ("journal", rng.choice(_JOURNALS)),
            ("volume", str(rng.randint(1, 80))),
            ("number", str(rng.randint(1, 12))),
            ("pages", f"{(start := rng.randint(1, 900))}--{start + rng.randint(3, 20)}"),
            ("issn", f"{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"),
        ]
    elif kind in ("book", "incollection"):
        fields += [("publisher", "Springer"), ("address", "Cham"), ("isbn", "978-3-030-12345-6")]
        if kind == "incollection":
            fields += [("booktitle", "Handbook of Hair Biology"), ("editor", "Rossi, Alfredo")]
    elif kind == "inproceedings":
        fields += [("booktitle", "Proceedings of the {IEEE} Conference on Dermatology")]
    else:
        fields += [("school", "Karolinska Institutet")]
    fields += [
        ("year", str(year)),
        ("month", rng.choice(["jan", "mar", "jun", "sep", "nov"])),
        ("doi", f"10.{rng.randint(1000, 9999)}/bench.{number}"),
        ("url", f"https://example.org/papers/{number}"),
        ("abstract", _abstract(rng)),
        ("keywords", ", ".join(rng.sample(_WORDS, 3))),
        ("file", f"Full Text PDF:/home/me/Zotero/storage/{number:08X}/paper.pdf:application/pdf"),
        ("timestamp", f"2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"),
        ("langid", "english"),
    ]
    lines = [f"@{kind}{{{key},"]
    lines += [
        f"  {name} = {value}," if name == "month" else f"  {name} = {{{value}}},"
        for name, value in fields
    ]
    return "\n".join(lines) + "\n}\n"


def generate_bib(path: Path = BIB_PATH, entries: int = ENTRIES) -> Path:
    """Write the benchmark's .bib file (reused when it is already there)."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(entries)
    parts = [
        "% Exported by Better BibTeX for Zotero (benchmark data)\n",
        "@string{jid = {Journal of Investigative Dermatology}}\n",
    ]
    parts += [_entry(rng, number) for number in range(entries)]
    temporary = path.with_suffix(".tmp")
    temporary.write_text("\n".join(parts), encoding="utf-8")
    temporary.replace(path)
    return path


def measure_bib_import(folder: Path, entries: int = ENTRIES) -> float:
    """Seconds for `papershelf import` of the generated .bib of `entries` entries into a
    new library in `folder`, from spawning the command to its exit (Python start-up
    included)."""
    bib = generate_bib(DATA_DIR / f"zotero-{entries}.bib", entries)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    command = [sys.executable, "-m", "tui", "--db", str(folder / "library.json"), "import"]
    started = time.perf_counter()
    subprocess.run([*command, str(bib)], check=True, capture_output=True)
    return time.perf_counter() - started
