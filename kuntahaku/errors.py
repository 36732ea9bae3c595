"""Every error kuntahaku explains to its user, in one place, each saying what went wrong.

`cli.py` turns these into one-line messages and exit codes: input errors (exit 1) name the file
and the reason; usage errors (exit 2) say what to type instead.
"""

from __future__ import annotations


class KuntahakuError(Exception):
    """Base class: a problem explained to the user in one line."""

    exit_code = 1


class IngestError(KuntahakuError):
    """A file could not be ingested; the message says why."""


class MissingPath(IngestError):
    """The path does not exist."""


class UnreadableFile(IngestError):
    """The file exists but cannot be read (permissions, a directory, an I/O error)."""


class EmptyFile(IngestError):
    """The file has no bytes, or a PDF with no pages, or no text at all."""


class UnsupportedFormat(IngestError):
    """No handler accepts this file."""


class CorruptFile(IngestError):
    """The file claims a format but its content is broken."""


class MissingTool(IngestError):
    """A format needs a converter that is not installed on this machine (the message says which)."""


class EncryptedFile(IngestError):
    """The PDF is password-protected."""


class UsageError(KuntahakuError):
    """The command was called with something it cannot use."""

    exit_code = 2


class QuerySyntaxError(UsageError):
    """A search query that cannot be parsed, or one past a bound on its size or work."""


class QueryTimeout(QuerySyntaxError):
    """A search that ran past its time limit and was stopped."""


class UnsupportedLanguage(UsageError):
    """A language code that has no analyzer; the message lists the supported ones."""


class UnknownFacetValue(UsageError):
    """A filter value that is not a known alias of any value of that facet."""

    def __init__(self, facet: str, value: str, suggestions: list[str]) -> None:
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown {facet} {value!r}{hint}")
        self.facet = facet
        self.value = value
        self.suggestions = suggestions


class DocumentNotFound(UsageError):
    """No ingested document matches the id or path given."""


class IndexStoreError(KuntahakuError):
    """The index folder cannot be opened or written."""


class NoIndex(IndexStoreError):
    """A read command was pointed at a folder that holds no index (it is not created)."""


class IndexBusy(IndexStoreError):
    """Another ingest holds the index's write lock for longer than we wait."""


class WriteFailed(KuntahakuError):
    """A file could not be written (disk full, permissions, a read-only folder, a long name)."""


class Interrupted(KuntahakuError):
    """An ingest stopped by SIGINT or SIGTERM after committing what was finished (exit 130)."""

    exit_code = 130


class ResourceLimit(IngestError):
    """A file would take more memory or time than a document may (see `ingest.limits`)."""


class BadArgument(UsageError):
    """A command-line argument that cannot be used as text (bytes that are not UTF-8)."""


class CorruptReadingList(KuntahakuError):
    """A saved reading list file that cannot be read as one; the other lists are unaffected."""


class EmptyReadingList(KuntahakuError):
    """A reading list would have no documents; nothing is written (exit 1)."""


class UnknownReadingList(UsageError):
    """No saved reading list has this name."""


class InvalidListName(UsageError):
    """A reading-list name that cannot be a file name."""


class ReadingListExists(UsageError):
    """A saved reading list of this name exists and replacing it was not asked for."""


class NotInReadingList(UsageError):
    """The document named is not an entry of the reading list."""


class AlreadyInReadingList(UsageError):
    """The document named is already an entry of the reading list."""


class UnknownEntityType(UsageError):
    """An entity type that kuntahaku does not tag."""

    def __init__(self, name: str, types: tuple[str, ...]) -> None:
        super().__init__(f"unknown entity type {name!r}; choose one of: {', '.join(types)}")
        self.name = name
        self.types = types
