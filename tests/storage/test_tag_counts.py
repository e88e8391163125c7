"""Tag counts over lists of papers: by paper for short lists, by masks for long ones."""

from __future__ import annotations

import random
from collections import Counter

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
@given(seed=st.integers(0, 2**32), shown=st.sampled_from([10, 3999, 4000, 5000, PAPERS]))
def test_counts_are_the_papers_with_each_tag_after_any_changes(seed: int, shown: int) -> None:
    """Short lists and long, before and after papers change one by one or many at once,
    the counts are those of the listed papers' tags."""
    rng = random.Random(seed)
    tags = library_tags(rng)
    counts = TagCounts(tags)
    numbers = rng.sample(range(PAPERS), shown)
    assert counts.count(numbers) == by_hand(tags, numbers)
    for batch in (rng.randint(1, 20), rng.choice([5, 2000])):
        changed = rng.sample(range(PAPERS), batch)
        counts.changing(batch)
        for number in changed:
            old, tags[number] = tags[number], paper_tags(rng)
            counts.changed(number, old, tags[number])
        numbers = rng.sample(range(PAPERS), shown)
        assert counts.count(numbers) == by_hand(tags, numbers)
