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
from collections.abc import Iterable
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
    end = data.find(b"\n", len(_MAGIC))
    if not data.startswith(_MAGIC) or end < 0:
        return None
    try:
        header = orjson.loads(data[len(_MAGIC) : end])
        if header["of"] != [texts_digest, size, sys.byteorder, array("I").itemsize]:
            return None
        body = memoryview(data)[end + 1 :]
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
    size = words.size
    pieces: list[bytes] = []
    listed: list[tuple[str, bool, int]] = []
    for word, bits in words.bits.items():
        pieces.append(bits.to_bytes((size + 7) // 8, "big"))
        listed.append((word, True, len(pieces[-1])))
    for word, ranks in words.ranks.items():
        pieces.append(ranks.tobytes())
        listed.append((word, False, len(pieces[-1])))
    body = b"".join(pieces)
    header = {
        "of": [texts_digest, size, sys.byteorder, array("I").itemsize],
        "body": hashlib.blake2b(body, digest_size=20).hexdigest(),
        "words": listed,
    }
    with suppress(OSError):
        write_atomically(path, _MAGIC + orjson.dumps(header) + b"\n" + body)
