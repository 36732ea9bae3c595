"""Saved reading lists: one JSON file per name in `<index_dir>/reading-lists/`, and the edits
(add a document, remove one, note an entry) made to them.

Entries are keyed by document id, which is derived from the file's absolute path, so a list
survives re-ingesting its documents; each entry also keeps a copy of its metadata and quotes so
that it still exports when a document has left the index.

Edits are read-modify-write cycles of one file; `SavedLists.locked()` holds an exclusive lock
on the lists folder for a whole cycle, so that parallel edits of one list each see the one
before (none is lost). Files are replaced atomically, so a crash or a full disk leaves the old
list. A list file that cannot be read is named in its own error and never hides the others.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kuntahaku.atomic import os_reason, write_text_atomic
from kuntahaku.errors import (
    AlreadyInReadingList,
    CorruptReadingList,
    DocumentNotFound,
    InvalidListName,
    NotInReadingList,
    ReadingListExists,
    UnknownReadingList,
    WriteFailed,
)
from kuntahaku.readinglist.build import copy_metadata, entry_for, search_terms
from kuntahaku.readinglist.model import Entry, ReadingList
from kuntahaku.store import DocumentStore

LISTS_SUBDIR = "reading-lists"
LOCK_FILE = ".lock"
_NAME = re.compile(r"\w[\w.-]{0,79}")


def now() -> str:
    """The current UTC time, to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class SavedLists:
    """The saved reading lists of one index folder."""

    def __init__(self, index_dir: Path) -> None:
        self.folder = index_dir / LISTS_SUBDIR
        self.problems: list[str] = []  # corrupt lists met by `summaries`, one message each

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the lists folder's exclusive lock (waiting for it) for one read-modify-write."""
        try:
            import fcntl
        except ImportError:  # no advisory locks on this platform: edits are not serialised
            yield
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fh = (self.folder / LOCK_FILE).open("a+b")
        except OSError as exc:
            raise WriteFailed(f"{self.folder}: cannot write: {os_reason(exc)}") from exc
        with fh:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    def path(self, name: str) -> Path:
        """The file of a list; the name must be letters, digits, `-`, `_` and `.`."""
        if not _NAME.fullmatch(name):
            raise InvalidListName(
                f"invalid reading-list name {name!r}: use letters, digits, '-', '_' and '.',"
                " starting with a letter or digit"
            )
        return self.folder / f"{name}.json"

    def names(self) -> list[str]:
        """Names of the saved lists, sorted."""
        if not self.folder.is_dir():
            return []
        return sorted(p.stem for p in self.folder.glob("*.json"))

    def exists(self, name: str) -> bool:
        """Whether a list of this name is saved."""
        return self.path(name).is_file()

    def load(self, name: str) -> ReadingList:
        """A saved list; `UnknownReadingList` names the closest saved names."""
        path = self.path(name)
        if not path.is_file():
            close = difflib.get_close_matches(name, self.names(), n=3, cutoff=0.5)
            hint = f"; did you mean: {', '.join(close)}?" if close else ""
            saved = "" if self.names() else " (no lists are saved in this index)"
            raise UnknownReadingList(f"no saved reading list {name!r}{hint}{saved}")
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            lst = ReadingList.from_dict(data)
        except OSError as exc:
            raise CorruptReadingList(
                f"{path}: cannot read reading list {name!r}: {os_reason(exc)}"
            ) from exc
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise CorruptReadingList(
                f"{path}: reading list {name!r} is corrupt ({type(exc).__name__}); restore the"
                f" file or delete the list with `kuntahaku reading-list delete {name}`"
            ) from exc
        lst.name = name
        return lst

    def ensure_free(self, name: str) -> None:
        """Raise `ReadingListExists` when a list of this name is saved."""
        if self.path(name).exists():
            raise ReadingListExists(
                f"a reading list {name!r} is already saved; use --replace, delete it first,"
                " or choose another name"
            )

    def save(self, lst: ReadingList, name: str, replace: bool = False) -> Path:
        """Write a list under a name (atomically); refuses to overwrite unless `replace`."""
        path = self.path(name)
        if not replace:
            self.ensure_free(name)
        lst.name = name
        lst.created = lst.created or now()
        lst.updated = now()
        write_text_atomic(path, json.dumps(lst.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return path

    def delete(self, name: str) -> None:
        """Remove a saved list (a corrupt one too)."""
        path = self.path(name)
        if not path.is_file():
            self.load(name)  # the same error as everywhere for a name that is not saved
        try:
            path.unlink()
        except OSError as exc:
            raise WriteFailed(f"{path}: cannot delete: {os_reason(exc)}") from exc

    def summaries(self) -> list[dict[str, Any]]:
        """Name, title, number of entries and last change of every saved list; a list that
        cannot be read is left out and its message kept in `problems`."""
        out = []
        self.problems = []
        for name in self.names():
            try:
                lst = self.load(name)
            except (CorruptReadingList, InvalidListName) as exc:
                self.problems.append(str(exc))
                continue
            out.append(
                {
                    "name": name,
                    "title": lst.title,
                    "entries": len(lst.entries),
                    "created": lst.created,
                    "updated": lst.updated,
                }
            )
        return out


def find_entry(lst: ReadingList, store: DocumentStore, ref: str) -> Entry:
    """The entry a user means by `ref`: a document id (or its start), a path or a file name.

    Renditions listed under "also" count as the entry they belong to.
    """
    resolved = str(Path(ref).expanduser().resolve()) if ref else ""

    def matches(doc_id: str, path: str) -> bool:
        return (
            doc_id == ref
            or (len(ref) >= 4 and doc_id.startswith(ref))
            or path == resolved
            or Path(path).name == ref
            or Path(path).stem == ref
        )

    hits = [
        e
        for e in lst.entries
        if matches(e.doc_id, e.path) or any(matches(r.doc_id, r.path) for r in e.also)
    ]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        try:
            doc_id = store.find(ref).doc_id
        except DocumentNotFound:
            doc_id = ""
        hits = [
            e
            for e in lst.entries
            if doc_id and (e.doc_id == doc_id or any(r.doc_id == doc_id for r in e.also))
        ]
        if len(hits) == 1:
            return hits[0]
    if len(hits) > 1:
        raise NotInReadingList(
            f"{ref!r} matches {len(hits)} entries of reading list {lst.name!r};"
            " give more of the id or the full path"
        )
    raise NotInReadingList(f"{ref!r} is not in reading list {lst.name!r}")


def add_document(lst: ReadingList, store: DocumentStore, ref: str) -> Entry:
    """Add an ingested document by hand, quoting its passages that match the list's request."""
    doc = store.find(ref)
    for e in lst.entries:
        if e.doc_id == doc.doc_id or any(r.doc_id == doc.doc_id for r in e.also):
            raise AlreadyInReadingList(
                f"{Path(doc.path).name} is already in reading list {lst.name!r}"
            )
    entry = entry_for(doc, [], search_terms(lst.request), lst.request.quotes)
    entry.added_by_hand = True
    lst.entries.append(entry)
    lst.removed = [d for d in lst.removed if d != doc.doc_id]
    return entry


def remove_document(lst: ReadingList, store: DocumentStore, ref: str) -> Entry:
    """Remove an entry (and its renditions); remembered so a rebuild leaves it out."""
    entry = find_entry(lst, store, ref)
    lst.entries.remove(entry)
    lst.removed.append(entry.doc_id)
    return entry


def set_note(lst: ReadingList, store: DocumentStore, ref: str, note: str) -> Entry:
    """Set (or, with an empty text, clear) the note of an entry."""
    entry = find_entry(lst, store, ref)
    entry.note = note.strip()
    return entry


def refresh_metadata(lst: ReadingList, store: DocumentStore) -> ReadingList:
    """Replace each entry's copy of its metadata by the store's, where the document is there."""
    for entry in lst.entries:
        doc = store.get(entry.doc_id)
        if doc is not None:
            others = [d for r in entry.also if (d := store.get(r.doc_id)) is not None]
            copy_metadata(entry, doc, others)
    return lst


def merge_rebuild(lst: ReadingList, fresh: ReadingList) -> ReadingList:
    """The saved list with the entries of a new build of its request, keeping what was done by
    hand: notes, documents added by hand, and documents removed by hand (left out)."""

    def ids(e: Entry) -> set[str]:
        return {e.doc_id, *(r.doc_id for r in e.also)}

    removed = set(lst.removed)
    notes = {i: e.note for e in lst.entries if e.note for i in ids(e)}
    entries = [e for e in fresh.entries if not ids(e) & removed]
    for e in entries:
        e.note = next((notes[i] for i in ids(e) if i in notes), "")
    present = {i for e in entries for i in ids(e)}
    entries += [e for e in lst.entries if e.added_by_hand and not ids(e) & present]
    lst.entries = entries
    return lst
