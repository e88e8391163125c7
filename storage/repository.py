"""The TinyDB side of the library: records in, records out. The only module using tinydb.

A library is two TinyDB files written separately, so that marking one paper read does
not rewrite 100,000 papers' bibliographic data:

- the *library file* (the path the user names) holds `meta` and the reader's `state`;
- the *catalog* beside it (`<name>.catalog.json`) holds `meta`, `sources` and `papers`.

Both carry the schema version. TinyDB doc ids are derived from the records' hex ids, so
lookups by id are dictionary lookups, and they never leave this module.
"""

from __future__ import annotations

import shutil
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

from tinydb import TinyDB
from tinydb.table import Document, Table

from .catalog import Catalog
from .errors import LibraryCorruptError, LibraryVersionError, LibraryWriteError
from .json_file import JSONFileStorage, Tables
from .locking import FileLock
from .migrations import CATALOG_STEPS, LIBRARY_STEPS, backup_path, migrate
from .records import Paper, ReadingState, Source

SCHEMA_VERSION: Final = 2
"""Bump with a migration whenever the stored shape changes."""

_LIBRARY_TABLES: Final = ("meta", "state")
_CATALOG_TABLES: Final = ("meta", "sources", "papers")
_META_ID: Final = 1


def catalog_path_for(path: Path) -> Path:
    """Where the catalog of the library at `path` lives."""
    return path.with_name(path.name.removesuffix(".json") + ".catalog.json")


def _doc_id(record_id: str) -> int:
    return int(record_id, 16)


class PaperRepository:
    """Reads and writes records in a library's two TinyDB files."""

    def __init__(self, path: Path) -> None:
        """Open (creating if missing) the library at `path`.

        Raises:
            LibraryCorruptError: a file is not a papershelf library.
            LibraryVersionError: a file is from a newer schema.
            LibraryWriteError: a new library cannot be created there.
        """
        self.path = path
        """The library file (reader's state)."""
        self.catalog_path = catalog_path_for(path)
        """The catalog file (imported data)."""
        self._state_storage = JSONFileStorage(path, indent=True)
        self._catalog_storage = JSONFileStorage(self.catalog_path)
        # TinyDB instantiates its storage itself; hand it the one already built.
        self._state_db = TinyDB(storage=lambda: self._state_storage)
        self._catalog_db = TinyDB(storage=lambda: self._catalog_storage)
        self._lock = FileLock(path.with_name(f".{path.name}.lock"))
        with self._lock:
            for storage in (self._state_storage, self._catalog_storage):
                storage.remove_stale_temp_files()
            if path.exists():  # judge the user's file before its companion
                self._check(self._state_storage, _LIBRARY_TABLES)
            self._create_missing()
            versions = [
                self._check(self._state_storage, _LIBRARY_TABLES),
                self._check(self._catalog_storage, _CATALOG_TABLES),
            ]
            if min(versions) < SCHEMA_VERSION:
                self._migrate(versions)

    @property
    def _states(self) -> Table:
        return self._state_db.table("state", cache_size=0)

    @property
    def _papers(self) -> Table:
        return self._catalog_db.table("papers", cache_size=0)

    @property
    def _sources(self) -> Table:
        return self._catalog_db.table("sources", cache_size=0)

    @property
    def generations(self) -> tuple[int, int]:
        """(catalog, state) counters that change whenever a file's content changes."""
        self._state_storage.read()
        self._catalog_storage.read()
        return self._catalog_storage.generation, self._state_storage.generation

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the inter-process lock: read-modify-write inside is safe from other writers."""
        with self._lock:
            yield

    @contextmanager
    def catalog_batch(self) -> Iterator[None]:
        """Make every catalog change inside one atomic write (all or nothing)."""
        with self._lock, self._catalog_storage.batch():
            yield

    def _create_missing(self) -> None:
        state_exists = self.path.exists()
        catalog_exists = self.catalog_path.exists()
        if state_exists and not catalog_exists:
            reason = f"its catalog {self.catalog_path.name} is missing (it holds the papers)"
            raise LibraryCorruptError(self.path, reason)
        meta = {str(_META_ID): {"schema_version": SCHEMA_VERSION, "app": "papershelf"}}
        if not catalog_exists:
            self._catalog_storage.write({"meta": meta, "sources": {}, "papers": {}})
        if not state_exists:
            self._state_storage.write({"meta": meta, "state": {}})

    def _migrate(self, versions: list[int]) -> None:
        """Upgrade older files to this schema, keeping a copy of each as it was.

        The copies are made before anything is rewritten, and an existing copy is never
        replaced: after an interrupted upgrade it is still the last good version.
        """
        plan = [
            (self._state_storage, LIBRARY_STEPS, versions[0]),
            (self._catalog_storage, CATALOG_STEPS, versions[1]),
        ]
        for storage, _, version in plan:
            backup = backup_path(storage.path, version)
            if version < SCHEMA_VERSION and not backup.exists():
                try:
                    shutil.copy2(storage.path, backup)
                except OSError as error:
                    reason = f"cannot back it up before upgrading it: {error.strerror}"
                    raise LibraryWriteError(storage.path, reason) from error
        for storage, steps, version in reversed(plan):  # the catalog first, state last
            if version < SCHEMA_VERSION:
                tables = storage.read() or {}
                storage.write(migrate(tables, steps, version, SCHEMA_VERSION))

    @staticmethod
    def _check(storage: JSONFileStorage, tables: tuple[str, ...]) -> int:
        """The file's schema version, after checking it is a library this code can read."""
        data: Tables = storage.read() or {}
        missing = [name for name in tables if name not in data]
        if missing:
            reason = f"not a papershelf library: missing table(s) {', '.join(missing)}"
            raise LibraryCorruptError(storage.path, reason)
        meta = data["meta"].get(str(_META_ID), {})
        version = meta.get("schema_version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise LibraryCorruptError(storage.path, "no valid schema_version in its meta table")
        if version > SCHEMA_VERSION:
            reason = (
                f"written by a newer papershelf (schema {version}; this version reads up to "
                f"{SCHEMA_VERSION}); upgrade papershelf to open it"
            )
            raise LibraryVersionError(storage.path, reason)
        return version

    # Reading -------------------------------------------------------------------------

    def catalog(self) -> Catalog:
        """The imported sources and papers, as a catalog that builds records on demand.

        Raises:
            LibraryCorruptError: a stored paper has a missing or repeated id.
        """
        papers = list(self._raw_table(self._catalog_storage, "papers"))
        sources = self._raw_table(self._catalog_storage, "sources")
        try:
            return Catalog(papers, (Source.from_doc(doc) for doc in sources))
        except ValueError as error:
            raise LibraryCorruptError(self.catalog_path, f"in its papers table, {error}") from None

    def states(self) -> Iterator[ReadingState]:
        """Every paper's reading state that differs from the default."""
        for doc in self._raw_table(self._state_storage, "state"):
            yield ReadingState.from_doc(doc)

    @staticmethod
    def _raw_table_by_key(storage: JSONFileStorage, name: str) -> dict[str, dict[str, Any]]:
        """A table as stored: TinyDB doc ids (as text) to documents."""
        data = storage.read() or {}
        return data.get(name, {})

    @classmethod
    def _raw_table(cls, storage: JSONFileStorage, name: str) -> Collection[dict[str, Any]]:
        """The documents of a table without wrapping each in a TinyDB Document.

        Loading 100,000 papers through `Table.all()` builds 100,000 Document objects that
        are thrown away at once; the storage's dicts are shared instead, which is safe
        because writes here replace documents rather than edit them.
        """
        return cls._raw_table_by_key(storage, name).values()

    # Writing -------------------------------------------------------------------------

    def put_state(self, state: ReadingState) -> None:
        """Store one paper's reading state (a blank state removes the record)."""
        doc_id = _doc_id(state.paper_id)
        table = self._states
        if state.is_blank:
            if table.contains(doc_id=doc_id):
                table.remove(doc_ids=[doc_id])
        elif table.contains(doc_id=doc_id):
            table.update(state.to_doc(), doc_ids=[doc_id])
        else:
            table.insert(Document(state.to_doc(), doc_id=doc_id))

    def put_states(self, states: Iterable[ReadingState]) -> None:
        """Store several papers' reading states in one atomic write of the library file."""
        with self._lock, self._state_storage.batch():
            for state in states:
                self.put_state(state)

    def put_catalog(self, sources: Iterable[Source], papers: Iterable[Paper]) -> None:
        """Insert or replace sources and papers in one atomic catalog write."""
        with self.catalog_batch():
            self._upsert_many(self._sources, {s.id: s.to_doc() for s in sources})
            self._upsert_many(self._papers, {p.id: p.to_doc() for p in papers})

    def _upsert_many(self, table: Table, docs: dict[str, dict[str, Any]]) -> None:
        """Replace existing documents and insert new ones: two table operations in all.

        Replaced documents are removed and inserted anew rather than edited in place,
        because the catalog the library reads shares the stored dicts.
        """
        stored = self._raw_table_by_key(self._catalog_storage, table.name)
        doc_ids = {record_id: _doc_id(record_id) for record_id in docs}
        existing = [doc_id for doc_id in doc_ids.values() if str(doc_id) in stored]
        if existing:
            table.remove(doc_ids=existing)
        if docs:
            table.insert_multiple(
                Document(doc, doc_id=doc_ids[record_id]) for record_id, doc in docs.items()
            )
