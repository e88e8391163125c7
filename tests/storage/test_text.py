"""The text folding that paper ids are made of: its fast paths must fold exactly as the
definition does, or a re-import would stop finding the papers it imported before."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from storage.text import QUOTES, collapse_spaces, normalise_text

_SPACES = re.compile(r"\s+")


def _by_definition(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).translate(QUOTES).casefold()
    return _SPACES.sub(" ", folded).strip()


_TEXTS = st.text(
    st.one_of(
        st.characters(max_codepoint=127),
        st.sampled_from(" \t\n\u00a0\u2003\u3000\x1c\x85“”„‘’‚ÄäßİﬁＡ"),
        st.characters(),
    )
)


@given(_TEXTS)
def test_normalise_text_folds_as_its_definition(text: str) -> None:
    assert normalise_text(text) == _by_definition(text)


@given(_TEXTS)
def test_collapse_spaces_knows_the_white_space_of_the_regular_expression(text: str) -> None:
    assert collapse_spaces(text) == _SPACES.sub(" ", text).strip()


def test_ascii_case_and_spacing_fold_to_one_id_text() -> None:
    assert normalise_text("  Hair\tLoss  after\nCHEMO ") == "hair loss after chemo"
