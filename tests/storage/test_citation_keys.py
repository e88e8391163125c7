"""Generated citation keys: the first free suffix, however many papers want one key."""

from __future__ import annotations

from itertools import count, product
from string import ascii_lowercase

from hypothesis import given
from hypothesis import strategies as st

from storage.citation_keys import KeyRegistry


def _first_free(wanted: str, taken: set[str]) -> str:
    """The rule as written down: `wanted`, else it with the first of a, b, ... z, aa, ...
    that no paper has (ignoring case)."""
    if wanted.casefold() not in taken:
        return wanted
    for length in count(1):
        for letters in product(ascii_lowercase, repeat=length):
            key = wanted + "".join(letters)
            if key.casefold() not in taken:
                return key
    raise AssertionError("unreachable")


_KEYS = st.sampled_from(["smith2020", "Smith2020", "smith2020a", "smith2020b", "lee2019", "x"])


@given(st.lists(_KEYS, max_size=5), st.lists(_KEYS, max_size=80))
def test_each_claim_gets_the_first_free_key(already: list[str], wanted: list[str]) -> None:
    registry = KeyRegistry(already)
    taken = {key.casefold() for key in already}
    for key in wanted:
        expected = _first_free(key, taken)
        assert registry.claim(key) == expected
        taken.add(expected.casefold())


def test_suffixes_go_on_past_z() -> None:
    registry = KeyRegistry()
    keys = [registry.claim("paper2020") for _ in range(30)]
    assert keys[:3] == ["paper2020", "paper2020a", "paper2020b"]
    assert keys[26:29] == ["paper2020z", "paper2020aa", "paper2020ab"]
