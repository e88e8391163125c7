"""DOIs as papershelf keeps and writes them: without a resolver prefix, so that one DOI
is one value however a file spelled it (`https://doi.org/10.1/x`, `doi:10.1/x`)."""

from __future__ import annotations

import re
from typing import Final

_RESOLVER_PREFIX: Final = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", re.IGNORECASE)


def clean_doi(text: str) -> str:
    """A DOI without resolver prefix (`https://doi.org/10.1/x` -> `10.1/x`)."""
    return _RESOLVER_PREFIX.sub("", text.strip())
