"""Finding a paper by its citation key without the map of every key: the same answer."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from storage.catalog import Catalog
from storage.records import PaperDoc

KEYS = st.text(alphabet=st.sampled_from("aAßsSıİK\u212a\n:1 "), max_size=4)
"""Keys whose folded forms collide (ß and ss, K and the Kelvin sign), hold newlines
or spaces, or are empty."""
STORED = st.lists(st.none() | KEYS, max_size=12)
"""Each paper's stored key, if it has one."""


def _catalog(keys: list[str | None]) -> Catalog:
    docs: list[PaperDoc] = []
    for number, key in enumerate(keys):
        doc: dict[str, Any] = {"id": f"{number:016x}", "kind": "related", "sources": []}
        if key is not None:
            doc["key"] = key
        docs.append(doc)  # type: ignore[arg-type]
    return Catalog(docs, [])


def _expected(keys: list[str | None], asked: str) -> str | None:
    """The owner as a map of the folded keys gives it (the last paper with it)."""
    owners = {key.casefold(): f"{number:016x}" for number, key in enumerate(keys) if key}
    return owners.get(asked.casefold())


@given(STORED, st.lists(KEYS, min_size=1, max_size=4))
def test_a_key_s_owner_is_the_one_the_map_of_keys_gives(
    keys: list[str | None], asked: list[str]
) -> None:
    """Asked several times (the folded keys kept between), each answer is the map's,
    also where a key holds a newline (the keys are then not looked through as lines)."""
    catalog = _catalog(keys)
    for key in asked:
        assert catalog.key_owner(key) == _expected(keys, key)


def test_a_key_is_found_by_any_case_and_not_by_a_part_of_another() -> None:
    catalog = _catalog(["Smith2020", "smith2020a", None, "Doe:2019"])
    assert catalog.key_owner("SMITH2020") == f"{0:016x}"
    assert catalog.key_owner("smith2020A") == f"{1:016x}"
    assert catalog.key_owner("smith") is None
    assert catalog.key_owner("2020\nsmith2020a") is None
    assert catalog.key_owner("doe:2019") == f"{3:016x}"
