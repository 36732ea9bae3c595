"""The `kuntahaku` command: click commands that parse options and call ingest/ and search/.

Exit codes: 0 all good, 1 some input failed (the rest was done), 2 usage error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from kuntahaku import render
from kuntahaku.config import Settings, default_index_dir
from kuntahaku.errors import KuntahakuError
from kuntahaku.ingest.batch import Outcome, default_workers, ingest_paths
from kuntahaku.store import DocumentStore


class CliError(click.ClickException):
    """A KuntahakuError shown as `Error: ...` with its own exit code."""

    def __init__(self, exc: KuntahakuError) -> None:
        super().__init__(str(exc))
        self.exit_code = exc.exit_code


def fail(exc: KuntahakuError) -> NoReturn:
    """Raise a KuntahakuError as a click error."""
    raise CliError(exc) from exc


def emit_json(data: Any) -> None:
    """Print one JSON document on stdout."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--index", "index_dir", type=click.Path(file_okay=False, path_type=Path),
    envvar="KUNTAHAKU_INDEX", default=default_index_dir, show_default="user data dir",
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


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--workers", "-w", type=click.IntRange(min=0), default=1, show_default=True,
              help="Worker processes; 0 means one per core.")
@click.option("--force", is_flag=True, help="Re-ingest files even when unchanged.")
@click.option("--no-ocr", is_flag=True, help="Do not OCR image-only pages, only flag them.")
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...], workers: int,
           force: bool, no_ocr: bool, as_json: bool) -> None:
    """Ingest PDF, text and HTML files and folders (recursively) into the index."""
    base = _settings(ctx)
    settings = Settings(index_dir=base.index_dir, workers=workers or default_workers(),
                        force=force, ocr=not no_ocr)
    progress = render.Progress(enabled=not as_json and sys.stderr.isatty())

    def on_outcome(o: Outcome) -> None:
        progress.advance(o)
        if o.status == "failed":
            progress.write(f"Error: {o.path}: {o.error}")

    try:
        with progress:
            report = ingest_paths(paths, settings, on_outcome)
    except KuntahakuError as exc:
        fail(exc)
    if as_json:
        emit_json(render.report_json(report))
    else:
        click.echo(render.report_summary(report))
    if report.failed:
        ctx.exit(1)


@cli.command()
@click.argument("doc")
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON.")
@click.option("--text", "full_text", is_flag=True, help="Print each passage in full.")
@click.pass_context
def show(ctx: click.Context, doc: str, as_json: bool, full_text: bool) -> None:
    """Show a document's metadata, languages, flagged pages, entities and passages."""
    try:
        with DocumentStore(_settings(ctx).index_dir) as store:
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
        with DocumentStore(_settings(ctx).index_dir) as store:
            data = render.stats_json(store)
    except KuntahakuError as exc:
        fail(exc)
    if as_json:
        emit_json(data)
    else:
        click.echo(render.stats_text(data))


def main() -> None:
    """Console entry point."""
    cli(prog_name="kuntahaku")
