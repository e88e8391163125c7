"""Where `o` goes: DOI and URL links, and the literature search for a seed paper."""

from __future__ import annotations

import pytest

from storage import BadInputError, Paper
from storage.links import (
    SEARCH_ENGINES,
    check_doi,
    check_template,
    classify_link,
    literature_search,
    open_target,
)


def seed_paper(**fields: object) -> Paper:
    values: dict[str, object] = {
        "id": "0123456789abcdef",
        "kind": "related",
        "summary": "Tiny particles from stem cells help activate hair growth cells in mice.",
        "journal": "Scientific Reports",
        "year": 2017,
    }
    return Paper(**(values | fields))  # type: ignore[arg-type]


def test_a_doi_opens_at_the_resolver_before_a_url() -> None:
    paper = seed_paper(doi="10.1038/s41598-017-15505-3", url="https://example.org/x")
    assert open_target(paper) == ("https://doi.org/10.1038/s41598-017-15505-3", False)
    assert open_target(seed_paper(url="https://example.org/x")) == ("https://example.org/x", False)


def test_a_paper_without_a_link_opens_a_pubmed_search_for_its_words() -> None:
    url, searching = open_target(seed_paper())
    assert searching
    assert url == (
        "https://pubmed.ncbi.nlm.nih.gov/?term="
        "particles+stem+cells+activate+hair+growth+%22Scientific+Reports%22+2017"
    )


def test_a_database_named_as_the_journal_is_left_out_of_the_search() -> None:
    url = literature_search(seed_paper(journal="PubMed", year=None), "scholar")
    assert url == "https://scholar.google.com/scholar?q=particles+stem+cells+activate+hair+growth"


def test_a_template_of_ones_own_gets_each_field_quoted() -> None:
    template = "https://example.org/s?w={words}&j={journal}&y={year}"
    url = literature_search(seed_paper(journal="Cells & Tissues"), template)
    assert url == (
        "https://example.org/s?w=particles+stem+cells+activate+hair+growth"
        "&j=Cells+%26+Tissues&y=2017"
    )


@pytest.mark.parametrize("name", sorted(SEARCH_ENGINES))
def test_every_offered_search_is_a_valid_template(name: str) -> None:
    assert check_template(name) == SEARCH_ENGINES[name]


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        ("bing", "neither pubmed"),
        ("ftp://example.org/{query}", "neither pubmed"),
        ("https://example.org/?q={title}", "unknown field {title}"),
    ],
)
def test_a_bad_template_is_refused_with_the_reason(template: str, problem: str) -> None:
    with pytest.raises(BadInputError, match=problem):
        check_template(template)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("10.1/abc", ("doi", "10.1/abc")),
        ("doi:10.1234/x.y", ("doi", "10.1234/x.y")),
        ("https://doi.org/10.1234/x", ("doi", "10.1234/x")),
        (" https://example.org/paper ", ("url", "https://example.org/paper")),
    ],
)
def test_what_is_typed_is_read_as_a_doi_or_a_url(typed: str, expected: tuple[str, str]) -> None:
    assert classify_link(typed) == expected


def test_control_characters_never_make_a_link() -> None:
    with pytest.raises(BadInputError):
        classify_link("https://example.org/\x1b]8;;evil")
    with pytest.raises(BadInputError):
        check_doi("11.1/abc")


def test_a_doi_with_a_control_character_is_refused() -> None:
    with pytest.raises(BadInputError):
        check_doi("10.1/a\x1bb")
