"""The word index kept beside a large library is read back as it was built, and only for
the texts it was built from."""

from __future__ import annotations

import tempfile
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage import Library, View, word_cache
from storage.word_index import WordIndex

_WORDS = ["hair", "hat", "ha", "air", "stem", "cell", "müller", "a", "zz", "x1ha", "(stem)"]
_texts = st.lists(st.lists(st.sampled_from(_WORDS) | st.text(max_size=3)).map(" ".join))


@settings(max_examples=100, deadline=None)
@given(texts=_texts, dense=st.sampled_from([1, 64]), needles=st.lists(st.text(max_size=3)))
def test_words_read_back_find_what_the_built_ones_find(
    texts: list[str], dense: int, needles: list[str]
) -> None:
    """Written and read back, a word index (common words as bits, rare ones as ranks:
    `dense` 1 makes every word rare) finds the same papers for every needle."""
    with patch("storage.word_index._DENSE", dense):
        built = WordIndex.build(texts, len(texts))
    key = word_cache.digest(texts)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ".~library.words"
        word_cache.write_words(path, key, built)
        read = word_cache.read_words(path, key, len(texts))
    assert read is not None
    assert (read.bits, read.ranks) == (built.bits, built.ranks)
    for needle in needles:
        assert read.hits(needle) == built.hits(needle)


def test_a_file_of_other_texts_or_damaged_is_not_read(tmp_path: Path) -> None:
    """Another catalog's words, or a file cut short or changed, give no index: the start
    builds its own."""
    texts = ["hair stem", "cell"]
    key = word_cache.digest(texts)
    path = tmp_path / ".~library.words"
    word_cache.write_words(path, key, WordIndex.build(texts, 2))
    assert word_cache.read_words(path, key, 2) is not None
    assert word_cache.read_words(path, word_cache.digest(["hair stem", "cells"]), 2) is None
    assert word_cache.read_words(path, key, 3) is None
    data = path.read_bytes()
    body = len(b"papershelf words 1\n")  # where the words' papers start
    flipped = data[:body] + bytes([data[body] ^ 1]) + data[body + 1 :]
    for damaged in (data[:-1], data[:-1] + bytes([data[-1] ^ 1]), flipped, b"", data[:body]):
        path.write_bytes(damaged)
        assert word_cache.read_words(path, key, 2) is None
    assert word_cache.read_words(tmp_path / "missing", key, 2) is None


def test_a_large_library_keeps_its_words_for_the_next_start(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first start builds the words and keeps them beside the library; the next reads
    them instead of building them, and finds the same papers."""
    monkeypatch.setattr(word_cache, "KEPT_FROM", 1)  # the first seed's papers: "large"
    path = word_cache.words_path(library.path)
    library.prepare_search()
    assert path.name == ".~library.words" and path.exists()
    queries = ["hair", "ell", "follicle stem", "a"]
    expected = [library.search(View(query)).ids() for query in queries]

    def never(*args: object) -> WordIndex:
        raise AssertionError("built again")

    again = Library(library.path)
    with patch.object(WordIndex, "build", never):
        again.prepare_search()
    assert [again.search(View(query)).ids() for query in queries] == expected
