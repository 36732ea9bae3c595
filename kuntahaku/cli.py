"""The `kuntahaku` command: click commands that parse options and call ingest/ and search/.

Exit codes: 0 all good, 1 some input failed (the rest was done), 2 usage error.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from kuntahaku import readinglist, render
from kuntahaku.atomic import display_path, os_reason
from kuntahaku.cliargs import QueryCommand
from kuntahaku.config import DEFAULT_ENGINE, ENGINES, Settings, default_index_dir
from kuntahaku.errors import BadArgument, KuntahakuError, UsageError
from kuntahaku.safe_text import terminal_safe
from kuntahaku.store import DocumentStore

if TYPE_CHECKING:
    from kuntahaku.ingest.batch import Outcome
    from kuntahaku.search import SearchRequest


class CliError(click.ClickException):
    """A KuntahakuError shown as `Error: ...` with its own exit code."""

    def __init__(self, exc: KuntahakuError) -> None:
        super().__init__(terminal_safe(str(exc)))
        self.exit_code = exc.exit_code


def fail(exc: KuntahakuError) -> NoReturn:
    """Raise a KuntahakuError as a click error."""
    raise CliError(exc) from exc


def _check_arguments(args: Sequence[str]) -> None:
    """Refuse an argument holding bytes that are not UTF-8 (one line, exit 2); only the file
    paths given to `ingest` may hold them (each such file then fails on its own)."""
    after_ingest = False
    for n, arg in enumerate(args, 1):
        if arg == "ingest":
            after_ingest = True
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            if after_ingest and not arg.startswith("-"):
                continue
            fail(BadArgument(f"argument {n} ({display_path(arg)}) holds bytes that are not UTF-8"))


class KuntahakuGroup(click.Group):
    """The command group: operating-system and database errors that no command foresaw still
    end in one `Error:` line (exit 1), never a traceback."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Check every argument before parsing (see `_check_arguments`)."""
        _check_arguments(args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, turning stray OS and SQLite errors into one line."""
        try:
            return super().invoke(ctx)
        except OSError as exc:
            where = f"{display_path(exc.filename)}: " if exc.filename else ""
            raise click.ClickException(f"{where}{os_reason(exc)}") from exc
        except sqlite3.Error as exc:
            raise click.ClickException(f"the index's document store: {exc}") from exc
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)


def emit_json(data: Any) -> None:
    """Print one JSON document on stdout."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(cls=KuntahakuGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="KUNTAHAKU_INDEX",
    default=default_index_dir,
    show_default="user data dir",
    help="Index folder (env KUNTAHAKU_INDEX).",
)
@click.version_option(package_name="kuntahaku")
@click.pass_context
def cli(ctx: click.Context, index_dir: Path) -> None:
    """Ingest and search Finnish and Swedish council minutes, decisions and agreements."""
    ctx.obj = Settings(index_dir=index_dir)


def _settings(ctx: click.Context) -> Settings:
    settings: Settings = ctx.obj
    return settings


def _read_dir(ctx: click.Context) -> Path:
    """The index folder for a read command: the journal a killed ingest left is replayed
    first, so that the store and the index agree (nothing is created in a mistyped folder)."""
    from kuntahaku.ingest.consistency import ensure_consistent

    index_dir = _settings(ctx).index_dir
    ensure_consistent(index_dir)
    return index_dir


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--workers",
    "-w",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Worker processes; 0 means one per core.",
)
@click.option(
    "--cluster",
    default="",
    metavar="tcp://HOST:PORT",
    help="Run the stages on the workers of this Dask scheduler (--workers is then theirs).",
)
@click.option("--force", is_flag=True, help="Re-ingest files even when unchanged.")
@click.option("--no-ocr", is_flag=True, help="Do not OCR image-only pages, only flag them.")
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default=None,
    help=f"Search engine of a new index [default: {DEFAULT_ENGINE}]; an index keeps its own.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")
@click.pass_context
def ingest(
    ctx: click.Context,
    paths: tuple[str, ...],
    workers: int,
    cluster: str,
    force: bool,
    no_ocr: bool,
    engine: str | None,
    as_json: bool,
) -> None:
    """Ingest PDF, text and HTML files and folders (recursively) into the index."""
    # Imported here: the ingest stages (PDF, OCR, spaCy) are not loaded for a search.
    from kuntahaku.ingest.batch import default_workers, ingest_paths
    from kuntahaku.ingest.cluster import check_address

    base = _settings(ctx)
    try:
        cluster = check_address(cluster) if cluster else ""
    except KuntahakuError as exc:
        fail(exc)
    settings = Settings(
        index_dir=base.index_dir,
        workers=workers or default_workers(),
        force=force,
        ocr=not no_ocr,
        cluster=cluster,
        engine=engine or "",
    )
    progress = render.Progress(enabled=not as_json and sys.stderr.isatty())

    def on_outcome(o: Outcome) -> None:
        progress.advance(o)
        if o.status == "failed":
            progress.write(f"Error: {o.path}: {o.error}")
        for warning in o.warnings:
            progress.write(f"Warning: {o.path}: {warning}")

    def on_wait(message: str) -> None:
        click.echo(message, err=True)

    try:
        with progress:
            report = ingest_paths(paths, settings, on_outcome, on_wait)
    except KuntahakuError as exc:
        fail(exc)
    if as_json:
        emit_json(render.report_json(report))
    else:
        click.echo(render.report_summary(report))
    if report.interrupted:
        kept = report.count("ingested")
        click.echo(
            f"Interrupted by {report.interrupted}: kept the {kept} document(s) finished before"
            " it; run the same command again to ingest the rest.",
            err=True,
        )
        ctx.exit(130)
    if report.failed:
        ctx.exit(1)


@cli.command()
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default=None,
    help="Search engine of the rebuilt index [default: the index's own].",
)
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")
@click.pass_context
def reindex(ctx: click.Context, engine: str | None, as_json: bool) -> None:
    """Rebuild the search index from the document store, without reading the files again.

    The old index answers searches until the new one is complete and takes its place; an
    interrupted rebuild goes on from where it stopped when run again.
    """
    from kuntahaku.ingest.reindex import reindex as rebuild

    progress = render.Progress(enabled=not as_json and sys.stderr.isatty(), unit="document")
    try:
        with progress:
            report = rebuild(
                _settings(ctx).index_dir,
                engine=engine or "",
                on_progress=progress.count,
                on_wait=lambda message: click.echo(message, err=True),
            )
    except KuntahakuError as exc:
        fail(exc)
    if as_json:
        emit_json(render.reindex_json(report))
    elif not report.interrupted:
        click.echo(render.reindex_summary(report))
    if report.interrupted:
        click.echo(
            f"Interrupted by {report.interrupted}: the new index holds {report.documents} of"
            f" {report.total} document(s) and the old one is still in use; run `kuntahaku"
            " reindex` again to finish.",
            err=True,
        )
        ctx.exit(130)


@cli.command()
@click.argument("doc")
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON.")
@click.option("--text", "full_text", is_flag=True, help="Print each passage in full.")
@click.pass_context
def show(ctx: click.Context, doc: str, as_json: bool, full_text: bool) -> None:
    """Show a document's metadata, languages, flagged pages, entities and passages."""
    try:
        with DocumentStore(_read_dir(ctx), create=False) as store:
            record = store.find(doc)
    except KuntahakuError as exc:
        fail(exc)
    if as_json:
        emit_json(render.document_json(record))
    else:
        click.echo(render.document_text(record, full_text=full_text))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Count documents, pages, passages and failed files in the index."""
    try:
        with DocumentStore(_read_dir(ctx), create=False) as store:
            data = render.stats_json(store)
    except KuntahakuError as exc:
        fail(exc)
    if as_json:
        emit_json(data)
    else:
        click.echo(render.stats_text(data))


# -- search ------------------------------------------------------------------------------------


def _search_filters(func: Callable[..., Any]) -> Callable[..., Any]:
    """The filter options shared by `search` and `facets`."""
    options = [
        click.argument("query", nargs=-1),
        click.option(
            "--city",
            multiple=True,
            help="Issued by this municipality, any name or form (repeatable).",
        ),
        click.option(
            "--mentions", multiple=True, help="Mentions this municipality, any name (repeatable)."
        ),
        click.option("--region", multiple=True, help="Region (repeatable)."),
        click.option("--fund", multiple=True, help="Funding instrument, any alias (repeatable)."),
        click.option("--theme", multiple=True, help="Theme, in any language (repeatable)."),
        click.option("--org", multiple=True, help="Organisation (repeatable)."),
        click.option(
            "--body",
            multiple=True,
            help="Decision-making body, e.g. kaupunginhallitus (repeatable).",
        ),
        click.option(
            "--type",
            "doc_type",
            default="",
            help="Document type in fi/sv/en: pöytäkirja, protokoll, minutes, ...",
        ),
        click.option("--lang", default="", help="Language of the passages: fi, sv or en."),
        click.option("--year", type=int, default=None, help="Year of the document."),
        click.option(
            "--from",
            "date_from",
            default="",
            metavar="DATE",
            help="From this date on (YYYY, YYYY-MM or YYYY-MM-DD).",
        ),
        click.option(
            "--to",
            "date_to",
            default="",
            metavar="DATE",
            help="Up to this date (YYYY, YYYY-MM or YYYY-MM-DD).",
        ),
        click.option(
            "--no-expand",
            is_flag=True,
            help="Search the words alone, not also the vocabulary's other names for them"
            " (nuorisovaltuusto = ungdomsfullmäktige).",
        ),
        click.option("--json", "as_json", is_flag=True, help="Print JSON."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _search_request(query: tuple[str, ...], opts: dict[str, Any], **extra: Any) -> SearchRequest:
    from kuntahaku.search import SearchRequest

    if opts["year"] is not None and (opts["date_from"] or opts["date_to"]):
        fail(UsageError("give either --year or --from/--to, not both"))
    filters = {
        name: list(opts[name])
        for name in ("city", "mentions", "region", "fund", "theme", "org", "body")
        if opts[name]
    }
    return SearchRequest(
        query=" ".join(query),
        filters=filters,
        doc_type=opts["doc_type"],
        lang=opts["lang"],
        year=opts["year"],
        date_from=opts["date_from"],
        date_to=opts["date_to"],
        expand=not opts.get("no_expand", False),
        **extra,
    )


@cli.command(cls=QueryCommand)
@_search_filters
@click.option(
    "--sort",
    type=click.Choice(["relevance", "date"]),
    default=None,
    help="Order of documents [default: relevance; date for an empty query].",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="Documents to show; 0 shows all.",
)
@click.option("--passages", is_flag=True, help="Show every matching passage, not only the best.")
@click.pass_context
def search(
    ctx: click.Context,
    /,
    query: tuple[str, ...],
    sort: str | None,
    limit: int,
    passages: bool,
    as_json: bool,
    **opts: Any,
) -> None:
    """Search passages; results are grouped by document, best passage first.

    QUERY: words, "phrases", AND/OR/NOT, field:value, wild*cards, fuzzy~, date:[A TO B] or a
    diary number. Without a query, every document matching the filters is listed, newest first.
    """
    from kuntahaku.search import result_json, result_text, run_search

    try:
        request = _search_request(query, opts, sort=sort or "", limit=limit, passages=passages)
        result = run_search(_read_dir(ctx), request)
    except KuntahakuError as exc:
        fail(exc)
    if as_json:
        emit_json(result_json(result))
    else:
        click.echo(result_text(result))


@cli.command(cls=QueryCommand)
@_search_filters
@click.pass_context
def facets(ctx: click.Context, /, query: tuple[str, ...], as_json: bool, **opts: Any) -> None:
    """Count documents per issuing and mentioned municipality, region, fund, theme,
    organisation, type, language, year and body, for a query and filters (or the whole index)."""
    from kuntahaku.search import facet_counts, facets_json, facets_text

    try:
        request = _search_request(query, opts)
        counts = facet_counts(_read_dir(ctx), request)
    except KuntahakuError as exc:
        fail(exc)
    if as_json:
        emit_json(facets_json(request.query, counts))
    else:
        click.echo(facets_text(counts))


# -- reading lists -----------------------------------------------------------------------------


def _rl_output(text: str, output: Path | None, what: str) -> None:
    """Print an exported list on stdout, or write it to a file and say so on stderr."""
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        readinglist.write(text, output)
    except KuntahakuError as exc:
        fail(exc)
    click.echo(f"Wrote {what} to {output}.", err=True)


_RL_FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(readinglist.FORMAT_NAMES),
    default=None,
    help="Output format (default: from -o's suffix, else md).",
)
_RL_OUTPUT = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of stdout.",
)
_RL_GROUP = click.option(
    "--group-by",
    type=click.Choice(readinglist.GROUP_BY),
    default=None,
    help="Group entries by theme, municipality or year (default: theme).",
)
_RL_ORDER = click.option(
    "--order",
    type=click.Choice(readinglist.ORDERS),
    default=None,
    help="Order entries newest first or most relevant first (default: date).",
)


@cli.group("reading-list")
def reading_list() -> None:
    """Build themed reading lists with page citations; save, edit and export them by name."""


@reading_list.command("build", cls=QueryCommand)
@click.argument("query", nargs=-1)
@click.option("--theme", multiple=True, help="Theme, in any language (repeatable).")
@click.option(
    "--city", multiple=True, help="Issued by this municipality, any name or form (repeatable)."
)
@click.option(
    "--mentions", multiple=True, help="Mentions this municipality, any name (repeatable)."
)
@click.option("--region", multiple=True, help="Region (repeatable).")
@click.option("--fund", multiple=True, help="Funding instrument, any alias (repeatable).")
@click.option("--org", multiple=True, help="Organisation (repeatable).")
@click.option(
    "--body", multiple=True, help="Decision-making body, e.g. kaupunginhallitus (repeatable)."
)
@click.option(
    "--type",
    "doc_type",
    default="",
    help="Document type in fi/sv/en: pöytäkirja, protokoll, minutes, ...",
)
@click.option("--lang", default="", help="Language of the passages: fi, sv or en.")
@click.option("--year", type=int, default=None, help="Year of the document.")
@click.option(
    "--from",
    "date_from",
    default="",
    metavar="DATE",
    help="From this date on (YYYY, YYYY-MM or YYYY-MM-DD).",
)
@click.option(
    "--to",
    "date_to",
    default="",
    metavar="DATE",
    help="Up to this date (YYYY, YYYY-MM or YYYY-MM-DD).",
)
@_RL_GROUP
@_RL_ORDER
@click.option(
    "--quotes",
    type=click.IntRange(0, 10),
    default=2,
    show_default=True,
    help="Quotes (best passages) per document.",
)
@click.option(
    "--limit", type=click.IntRange(min=1), default=200, show_default=True, help="Documents at most."
)
@click.option("--title", default="", help="Title printed at the head of the list.")
@_RL_FORMAT
@_RL_OUTPUT
@click.option(
    "--save",
    "save_as",
    default=None,
    metavar="NAME",
    help="Also save the list under this name in the index folder.",
)
@click.option("--replace", is_flag=True, help="With --save: replace a saved list of that name.")
@click.pass_context
def reading_list_build(
    ctx: click.Context,
    query: tuple[str, ...],
    theme: tuple[str, ...],
    city: tuple[str, ...],
    mentions: tuple[str, ...],
    region: tuple[str, ...],
    fund: tuple[str, ...],
    org: tuple[str, ...],
    body: tuple[str, ...],
    doc_type: str,
    lang: str,
    year: int | None,
    date_from: str,
    date_to: str,
    group_by: str | None,
    order: str | None,
    quotes: int,
    limit: int,
    title: str,
    fmt: str | None,
    output: Path | None,
    save_as: str | None,
    replace: bool,
) -> None:
    """Build a reading list from a query and/or filters; print it, write it, or save it.

    QUERY and the filters are those of `search`. An empty result writes nothing and exits
    with 1.
    """
    index_dir = _read_dir(ctx)
    request = readinglist.ListRequest(
        query=" ".join(query),
        filters={
            k: list(v)
            for k, v in (
                ("theme", theme),
                ("issuer", city),
                ("municipality", mentions),
                ("region", region),
                ("fund", fund),
                ("organisation", org),
                ("body", body),
            )
            if v
        },
        doc_type=doc_type,
        lang=lang,
        year=year,
        date_from=date_from,
        date_to=date_to,
        group_by=group_by or "theme",
        order=order or "date",
        quotes=quotes,
        title=title,
        limit=limit,
    )
    try:
        saved = readinglist.SavedLists(index_dir)
        if save_as is not None and not replace:
            saved.ensure_free(save_as)
        lst = readinglist.build_list(index_dir, request)
        if save_as is not None:
            with saved.locked():
                saved.save(lst, save_as, replace=replace)
            click.echo(f"Saved reading list {save_as!r} ({len(lst.entries)} documents).", err=True)
        fmt = readinglist.format_for(fmt, output)
        text = readinglist.render(lst, fmt, base_dir=Path.cwd())
    except KuntahakuError as exc:
        fail(exc)
    _rl_output(text, output, f"{len(lst.entries)} documents")


@reading_list.command("export")
@click.argument("name")
@_RL_FORMAT
@_RL_OUTPUT
@_RL_GROUP
@_RL_ORDER
@click.pass_context
def reading_list_export(
    ctx: click.Context,
    name: str,
    fmt: str | None,
    output: Path | None,
    group_by: str | None,
    order: str | None,
) -> None:
    """Export a saved reading list, with fresh metadata for documents still in the index."""
    index_dir = _read_dir(ctx)
    try:
        lst = readinglist.SavedLists(index_dir).load(name)
        with DocumentStore(index_dir, create=False) as store:
            readinglist.refresh_metadata(lst, store)
        text = readinglist.render(
            lst,
            readinglist.format_for(fmt, output),
            base_dir=Path.cwd(),
            group_by=group_by,
            order=order,
        )
    except KuntahakuError as exc:
        fail(exc)
    _rl_output(text, output, f"{len(lst.entries)} documents")


@reading_list.command("refresh")
@click.argument("name")
@click.pass_context
def reading_list_refresh(ctx: click.Context, name: str) -> None:
    """Build a saved list again from its request (new documents come in), keeping its notes,
    the documents added by hand and leaving out those removed by hand."""
    index_dir = _read_dir(ctx)
    try:
        saved = readinglist.SavedLists(index_dir)
        with saved.locked():
            lst = saved.load(name)
            before = {e.doc_id for e in lst.entries}
            fresh = readinglist.build_list(index_dir, lst.request)
            readinglist.merge_rebuild(lst, fresh)
            saved.save(lst, name, replace=True)
    except KuntahakuError as exc:
        fail(exc)
    now = {e.doc_id for e in lst.entries}
    click.echo(
        f"Refreshed {name!r}: {len(now)} documents, {len(now - before)} new,"
        f" {len(before - now)} gone."
    )


@reading_list.command("ls")
@click.option("--json", "as_json", is_flag=True, help="Print the lists as JSON.")
@click.pass_context
def reading_list_ls(ctx: click.Context, as_json: bool) -> None:
    """List the saved reading lists: name, number of documents, last change, title."""
    try:
        saved = readinglist.SavedLists(_settings(ctx).index_dir)
        rows = saved.summaries()
    except KuntahakuError as exc:
        fail(exc)
    for problem in saved.problems:
        click.echo(f"Error: {problem}", err=True)
    if as_json:
        emit_json(rows)
    else:
        if not rows and not saved.problems:
            click.echo("No saved reading lists.", err=True)
        for r in rows:
            click.echo(f"{r['name']}\t{r['entries']} documents\t{r['updated']}\t{r['title']}")
    if saved.problems:
        ctx.exit(1)


def _rl_edit(
    ctx: click.Context,
    name: str,
    edit: Callable[[readinglist.ReadingList, DocumentStore], readinglist.Entry],
    verb: str,
) -> None:
    """Load a saved list, apply one edit, save it, and say what changed."""
    index_dir = _read_dir(ctx)
    try:
        saved = readinglist.SavedLists(index_dir)
        with saved.locked(), DocumentStore(index_dir, create=False) as store:
            lst = saved.load(name)
            entry = edit(lst, store)
            saved.save(lst, name, replace=True)
    except KuntahakuError as exc:
        fail(exc)
    click.echo(f"{verb} {Path(entry.path).name} ({entry.doc_id}) in {name!r}.")


@reading_list.command("add")
@click.argument("name")
@click.argument("doc")
@click.pass_context
def reading_list_add(ctx: click.Context, name: str, doc: str) -> None:
    """Add an ingested document (id, path or file name) to a saved list."""
    _rl_edit(ctx, name, lambda lst, store: readinglist.add_document(lst, store, doc), "Added")


@reading_list.command("remove")
@click.argument("name")
@click.argument("doc")
@click.pass_context
def reading_list_remove(ctx: click.Context, name: str, doc: str) -> None:
    """Remove a document (id, path or file name) from a saved list."""
    _rl_edit(ctx, name, lambda lst, store: readinglist.remove_document(lst, store, doc), "Removed")


@reading_list.command("note")
@click.argument("name")
@click.argument("doc")
@click.argument("text")
@click.pass_context
def reading_list_note(ctx: click.Context, name: str, doc: str, text: str) -> None:
    """Attach a note to a document of a saved list ("" removes the note)."""
    _rl_edit(ctx, name, lambda lst, store: readinglist.set_note(lst, store, doc, text), "Noted")


@reading_list.command("delete")
@click.argument("name")
@click.pass_context
def reading_list_delete(ctx: click.Context, name: str) -> None:
    """Delete a saved reading list (the documents stay in the index)."""
    try:
        saved = readinglist.SavedLists(_settings(ctx).index_dir)
        with saved.locked():
            saved.delete(name)
    except KuntahakuError as exc:
        fail(exc)
    click.echo(f"Deleted reading list {name!r}.")


@cli.command("entities")
@click.argument("entity_type", metavar="TYPE")
@click.option("--json", "as_json", is_flag=True, help="Print the values and counts as JSON.")
@click.pass_context
def entities_command(ctx: click.Context, entity_type: str, as_json: bool) -> None:
    """List the values of an entity TYPE found in the index, with document counts.

    TYPE is one of municipality, region, fund, theme, organisation, person, money, date.
    """
    from kuntahaku.ingest.entities import document_counts

    try:
        document_counts([], entity_type)  # an unknown type is a usage error before all else
        with DocumentStore(_read_dir(ctx), create=False) as store:
            counts = document_counts(store.documents(), entity_type)
    except KuntahakuError as exc:
        fail(exc)
    if as_json:
        emit_json(
            {"type": entity_type, "values": [{"value": v, "documents": n} for v, n in counts]}
        )
    elif counts:
        click.echo("\n".join(f"{n:>6}  {v}" for v, n in counts))
    else:
        click.echo(f"No {entity_type} values in the index.")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8080, show_default=True, help="Port."
)
@click.option(
    "--token",
    envvar="KUNTAHAKU_WEB_TOKEN",
    default="",
    help="Require this access token (env KUNTAHAKU_WEB_TOKEN); needed beyond localhost.",
)
@click.option("--no-token", "insecure", is_flag=True, help="Serve beyond localhost without one.")
@click.option("--access-log", is_flag=True, help="Log every request on stderr.")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Server processes (searches run one at a time in each).",
)
@click.pass_context
def serve(
    ctx: click.Context,
    host: str,
    port: int,
    token: str,
    insecure: bool,
    access_log: bool,
    workers: int,
) -> None:
    """Serve the web app (search, documents, reading lists, JSON API) over the index."""
    from kuntahaku.web import serve as run_server

    index_dir = _settings(ctx).index_dir
    click.echo(f"Serving {index_dir} on http://{host}:{port}/ (Ctrl+C stops).", err=True)
    try:
        run_server(
            index_dir,
            host,
            port,
            token=token,
            insecure=insecure,
            access_log=access_log,
            workers=workers,
        )
    except KuntahakuError as exc:
        fail(exc)


def main() -> None:
    """Console entry point."""
    cli(prog_name="kuntahaku")
