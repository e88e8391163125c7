"""A large library's word index, kept in a file beside it: read in milliseconds at the
next start instead of built (0.7 s of CPU at 100,000 papers, during the first keys).

The file (`.~library.words` beside `library.json`, named as the lock and temporary
files are, which sync tools are told to leave alone) holds the index of one set of
texts: the papers' own folded text, in rank order, whose digest it records. Texts with
another digest (another catalog, another Unicode version's folding) find no index in it,
build theirs and replace it; a file that cannot be read, or whose contents do not match
their own digest, is rebuilt the same way. It is derived data: deleting it loses nothing
but the time to build it again.
"""

from __future__ import annotations

import hashlib
import sys
import unicodedata
from array import array
from collections.abc import Iterable, Iterator
from contextlib import suppress
from itertools import islice
from pathlib import Path
from typing import Final

import orjson

from .atomic import write_atomically
from .word_index import WordIndex

KEPT_FROM: Final = 20_000
"""Libraries of fewer papers build their words in a tenth of a second: no file."""
_MAGIC: Final = b"papershelf words 1\n"
"""The file's first line; then each word's papers, the list of words (JSON), and that
list's length (`_LENGTH` bytes)."""
_LENGTH: Final = 8
_CHUNK: Final = 4096


def words_path(library_path: Path) -> Path:
    """Where the word index of the library at `library_path` is kept."""
    return library_path.with_name(f".~{library_path.name.removesuffix('.json')}.words")


def digest(texts: Iterable[str]) -> str:
    """What identifies a word index: the texts (none holds NUL), in order, and the
    Unicode version their folding followed."""
    hasher = hashlib.blake2b(unicodedata.unidata_version.encode(), digest_size=20)
    texts = iter(texts)
    while chunk := list(islice(texts, _CHUNK)):
        hasher.update("\x00".join(chunk).encode(errors="surrogatepass") + b"\x00")
    return hasher.hexdigest()


def read_words(path: Path, texts_digest: str, size: int) -> WordIndex | None:
    """The word index kept at `path` for texts of this digest (`size` of them); None if
    there is none, or it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(_MAGIC) or len(data) < len(_MAGIC) + _LENGTH:
        return None
    listed_at = len(data) - _LENGTH - int.from_bytes(data[-_LENGTH:], "big")
    try:
        header = orjson.loads(data[max(listed_at, len(_MAGIC)) : -_LENGTH])
        if header["of"] != [texts_digest, size, sys.byteorder, array("I").itemsize]:
            return None
        body = memoryview(data)[len(_MAGIC) : listed_at]
        if hashlib.blake2b(body, digest_size=20).hexdigest() != header["body"]:
            return None
        bits: dict[str, int] = {}
        ranks: dict[str, array[int]] = {}
        offset = 0
        for word, dense, length in header["words"]:
            piece = body[offset : offset + length]
            offset += length
            if dense:
                bits[word] = int.from_bytes(piece, "big")
            else:
                ranks[word] = array("I")
                ranks[word].frombytes(piece)
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return None
    return WordIndex(size, bits, ranks) if offset == len(body) else None


def write_words(path: Path, texts_digest: str, words: WordIndex) -> None:
    """Keep `words` (of texts of this digest) at `path`, replacing what was there; a
    folder that cannot be written keeps nothing (the next start builds them again)."""
    with suppress(OSError):
        write_atomically(path, _pieces(texts_digest, words))


def _pieces(texts_digest: str, words: WordIndex) -> Iterator[bytes]:
    """The file, a piece at a time: each word's papers as they are turned into bytes, then
    the list of words. Joined first, the pieces had been held twice, at the app's peak."""
    yield _MAGIC
    size, width = words.size, (words.size + 7) // 8
    body = hashlib.blake2b(digest_size=20)
    listed: list[tuple[str, bool, int]] = []
    for word, bits in words.bits.items():
        piece = bits.to_bytes(width, "big")
        body.update(piece)
        listed.append((word, True, width))
        yield piece
    for word, ranks in words.ranks.items():
        piece = ranks.tobytes()
        body.update(piece)
        listed.append((word, False, len(piece)))
        yield piece
    header = {
        "of": [texts_digest, size, sys.byteorder, array("I").itemsize],
        "body": body.hexdigest(),
        "words": listed,
    }
    yield (encoded := orjson.dumps(header))
    yield len(encoded).to_bytes(_LENGTH, "big")
