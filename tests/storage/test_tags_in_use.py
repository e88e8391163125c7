"""`Library.tags`, counted spelling by spelling in C, names the tags a count paper by
paper names: most used first, each as first spelled (Hypothesis)."""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from support import Clock

from storage import Delete, Library, SetTags, View

SPELLINGS = ["hair", "Hair", "HAIR", "ev", "EV", "café", "cafe", "stem cells"]


@contextmanager
def _fresh_library(template: Path) -> Iterator[Library]:
    with tempfile.TemporaryDirectory() as folder:
        for path in template.iterdir():
            shutil.copy(path, Path(folder) / path.name)
        yield Library(Path(folder) / "library.json", now=Clock(), device="test")


def _paper_by_paper(tag_lists: Iterable[tuple[str, ...]]) -> list[str]:
    """The obvious count: each paper's tags in turn, each tag under its first spelling."""
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    for tags in tag_lists:
        for name in tags:
            counts[name.casefold()] += 1
            first.setdefault(name.casefold(), name)
    return [first[key] for key in sorted(counts, key=lambda key: (-counts[key], key))]


@settings(max_examples=40, deadline=None)
@given(
    tags=st.lists(st.lists(st.sampled_from(SPELLINGS), max_size=3), min_size=1, max_size=8),
    asked=st.lists(st.integers(0, 7), max_size=10),
    deleted=st.sets(st.integers(0, 7), max_size=2),
)
def test_the_tags_in_use_are_those_a_count_paper_by_paper_finds(
    template: Path, tags: list[list[str]], asked: list[int], deleted: set[int]
) -> None:
    """Over some papers (in the order asked, repeats dropped), and over every paper
    outside the trash (in the order the state documents are kept)."""
    with _fresh_library(template) as library:
        ids = library.search(View()).ids()[: len(tags)]
        for paper_id, paper_tags in zip(ids, tags, strict=True):
            library.apply(SetTags(paper_tags), [paper_id])
        library.apply(Delete(), [ids[number] for number in deleted if number < len(ids)])
        state = library.snapshot.state
        chosen = list(dict.fromkeys(ids[number] for number in asked if number < len(ids)))
        assert library.tags(chosen) == _paper_by_paper(state(pid).tags for pid in chosen)
        trash = {ids[number] for number in deleted if number < len(ids)}
        kept = [pid for pid in library.snapshot.states if pid not in trash]
        assert library.tags() == _paper_by_paper(state(pid).tags for pid in kept)
