"""Tag counts over lists of papers: by paper for short lists, by masks for long ones
(from 1/25 of the papers: 240 of these 6,000)."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from storage.tag_counts import TagCounts

PAPERS = 6000
WORDS = ["hair", "ev", "stem cells", "review", *(f"rare{n}" for n in range(30))]
"""Four tags used on many papers (masks), thirty on few (numbers)."""


WEIGHTS = [400, 200, 100, 50, *([1] * 30)]


def paper_tags(rng: random.Random) -> tuple[str, ...]:
    return tuple(dict.fromkeys(rng.choices(WORDS, WEIGHTS, k=rng.randint(0, 3))))


def library_tags(rng: random.Random) -> list[tuple[str, ...]]:
    return [paper_tags(rng) for _ in range(PAPERS)]


def by_hand(tags: list[tuple[str, ...]], numbers: list[int]) -> Counter[str]:
    return Counter(tag for number in numbers for tag in tags[number])


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32), shown=st.sampled_from([10, 239, 240, 5000, PAPERS]))
def test_counts_are_the_papers_with_each_tag_after_any_changes(seed: int, shown: int) -> None:
    """Short lists and long, before and after changes to a few papers or many (common
    tags lost, rare ones gained, a new tag on most papers, then off them again), the
    counts are those of the listed papers' tags."""
    rng = random.Random(seed)
    tags = library_tags(rng)
    counts = TagCounts(tags)
    numbers = rng.sample(range(PAPERS), shown)
    assert counts.count(numbers) == by_hand(tags, numbers)
    bulk = rng.sample(range(PAPERS), PAPERS // 2)
    changes: list[Callable[[int], tuple[str, ...]]] = [
        lambda _: paper_tags(rng),
        lambda number: (*tags[number], "bulk"),
        lambda number: tuple(tag for tag in tags[number] if tag != "bulk"),
    ]
    for papers, change in zip(
        (rng.sample(range(PAPERS), rng.randint(1, 2000)), bulk, bulk), changes, strict=True
    ):
        retagged = []
        for number in papers:
            old, tags[number] = tags[number], change(number)
            retagged.append((number, old, tags[number]))
        counts.changed(retagged)
        numbers = rng.sample(range(PAPERS), shown)
        assert counts.count(numbers) == by_hand(tags, numbers)


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32),
    tag=st.sampled_from(["hair", "rare3", "new"]),
    gaining=st.sampled_from([1, 50, 500, PAPERS // 2]),
)
def test_papers_that_gained_a_tag_count_as_the_same_change_paper_by_paper(
    seed: int, tag: str, gaining: int
) -> None:
    """`gained` (a tag put on many papers at once) counts as `changed` does: a common
    tag, a rare one, one none had, on a few papers (still rare) or on half of them."""
    rng = random.Random(seed)
    tags = library_tags(rng)
    numbers = [n for n in rng.sample(range(PAPERS), gaining) if tag not in tags[n]]
    at_once, paper_by_paper = TagCounts(tags), TagCounts(tags)
    at_once.prepare()
    paper_by_paper.prepare()
    at_once.gained(tag, numbers)
    paper_by_paper.changed([(n, tags[n], (*tags[n], tag)) for n in numbers])
    for number in numbers:
        tags[number] = (*tags[number], tag)
    shown = rng.sample(range(PAPERS), 1000)
    assert at_once.count(shown) == paper_by_paper.count(shown) == by_hand(tags, shown)
