"""Deterministic seed documents for benchmarks: the same size always gives the same files.

Each document lists 100 related papers, the way real research summaries do, with the
variations the parser must handle (missing citation lines, year-only dates, journals with
punctuation). Nothing generated here is committed: it goes under `benchmarks/data/`.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Final

from storage.seeds import format_seed

PAPERS_PER_DOCUMENT: Final = 100
DATA_DIR: Final = Path(__file__).parent / "data"

_DOMAIN_WORDS: Final = (
    "stem cell hair growth exosome vesicle therapy mouse skin alopecia chemotherapy "
    "placenta mesenchymal gene trial dermal papilla follicle keratinocyte wound healing "
    "fibroblast inflammation cytokine signalling pathway receptor tumour regeneration "
    "collagen scaffold differentiation apoptosis proliferation biomarker cohort randomised "
    "placebo dose safety efficacy microRNA transcriptome organoid graft psoriasis eczema "
    "melanoma androgen oestrogen insulin metabolism mitochondria ageing senescence Müller "
    "naïve café patients treatment clinical outcomes response model expression levels risk "
    "disease study review analysis evidence improved reduced increased associated effects"
)
_FUNCTION_WORDS: Final = "the of and in with to for a on by may can is are from than"
_SYLLABLES: Final = (
    "ka lo mi ne ru sa te vi zo ba ce "  # codespell:ignore te
    "di fu ga hi jo pe qua ri su to xy"
)


def _vocabulary(rng: random.Random) -> list[str]:
    """Function words first, then domain words, then rarer made-up terms.

    Words are drawn with Zipf-like weights (the n-th word about 1/n as often as the
    first), as in real text: a common word is in most summaries, a term in a few.
    """
    invented = {"".join(rng.choices(_SYLLABLES, k=rng.randint(2, 4))) for _ in range(6000)}
    return [*_FUNCTION_WORDS.split(), *_DOMAIN_WORDS.split(), *sorted(invented)]


_JOURNAL_STEMS: Final = (
    "Journal of Investigative Dermatology",
    "Stem Cell Research & Therapy",
    "Frontiers in Endocrinology",
    "Clinical, Cosmetic and Investigational Dermatology",
    "Cells / Tissues / Organs",
    "Experimental Dermatology (Copenhagen)",
    "Scientific Reports",
    "Nature Communications",
    "British Journal of Dermatology",
    "Journal of Cellular and Molecular Medicine",
)


def _journal(rng: random.Random) -> str:
    stem = rng.choice(_JOURNAL_STEMS)
    return stem if rng.random() < 0.5 else f"{stem} {rng.randint(1, 40)}"


def _summary(rng: random.Random, words: list[str], weights: list[float], serial: int) -> str:
    chosen = rng.choices(words, weights, k=rng.randint(10, 22))
    return f"{' '.join(chosen).capitalize()} (study {serial})."


def generate(papers: int, folder: Path | None = None) -> list[Path]:
    """Write seed documents listing `papers` related papers in all; returns their paths.

    Files already there from an earlier run of the same size are reused.
    """
    folder = folder or DATA_DIR / f"seeds-{papers}"
    documents = -(-papers // PAPERS_PER_DOCUMENT)
    paths = [folder / f"{index:05d}.txt" for index in range(documents)]
    if all(path.exists() for path in paths):
        return paths
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(papers)
    words = _vocabulary(rng)
    weights = [1 / rank for rank in range(1, len(words) + 1)]
    serial = 0
    for index, path in enumerate(paths):
        count = min(PAPERS_PER_DOCUMENT, papers - serial)
        related = []
        for _ in range(count):
            citations = None if rng.random() < 0.15 else int(rng.paretovariate(1.2)) - 1
            month = None if rng.random() < 0.1 else rng.randint(1, 12)
            related.append(
                (
                    citations,
                    rng.randint(1990, 2025),
                    month,
                    _journal(rng),
                    _summary(rng, words, weights, serial),
                )
            )
            serial += 1
        tldr = f"Case report {index}: {_summary(rng, words, weights, -index)}"
        abstract = " ".join(rng.choices(words, weights, k=80)).capitalize() + "."
        path.write_text(format_seed(tldr, abstract, related), encoding="utf-8")
    return paths
