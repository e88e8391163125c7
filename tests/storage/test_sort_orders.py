"""The list's sort orders, as the catalog sorts them, against their definition."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from storage.catalog import _KEYS, Catalog
from storage.records import PaperDoc
from storage.sorting import SortOrder

ODD = st.one_of(st.integers(), st.just("2020"), st.booleans())
"""What a hand-edited file may hold: negative or huge numbers, text, `true`."""
PAPERS = st.lists(
    st.fixed_dictionaries(
        {
            "citations": st.none() | st.integers(min_value=0, max_value=60),
            "year": st.none() | st.integers(min_value=2015, max_value=2020),
            "month": st.none() | st.integers(min_value=1, max_value=12),
        }
    ),
    max_size=40,
)
"""Few distinct values, so that papers often tie on one part of the key."""
ODD_PAPER = st.fixed_dictionaries({"citations": ODD, "year": ODD, "month": ODD})


def _catalog(fields: list[dict[str, Any]], nulls: bool = False) -> Catalog:
    """Papers with these fields; a None is left out, or stored as null with `nulls`."""
    docs: list[PaperDoc] = []
    for number, values in enumerate(fields):
        doc: dict[str, Any] = {"id": f"{number:016x}", "kind": "related", "sources": []}
        doc.update((name, value) for name, value in values.items() if nulls or value is not None)
        docs.append(doc)  # type: ignore[arg-type]
    return Catalog(docs, [])


@given(
    PAPERS,
    st.none() | ODD_PAPER,
    st.sampled_from([SortOrder.CITATIONS, SortOrder.DATE]),
    st.booleans(),
)
def test_citations_and_dates_sort_as_their_keys_define_whatever_the_numbers(
    fields: list[dict[str, Any]], odd: dict[str, Any] | None, order: SortOrder, nulls: bool
) -> None:
    """Compared as one packed int where the numbers fit one, as tuples where not (one
    odd paper among them): the same order either way, ties in incoming order, whether
    an unknown number is left out of the document or stored as null."""
    papers = fields if odd is None else [*fields, odd]
    catalog = _catalog(papers, nulls)
    numbers = list(range(len(papers)))[::-1]
    key = _KEYS[order]
    expected = sorted(numbers, key=lambda number: key(catalog.docs[number]))
    assert catalog.sorted(numbers, order) == expected
