"""The JSON API under /api/: the shapes of `search --json`, `facets --json`, `show --json`
and `reading-list ls --json`, described at /api/openapi.json. Errors are `{"error": "..."}`
with a 4xx status."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi import Path as PathParam
from pydantic import BaseModel
from starlette.requests import Request

from kuntahaku import render
from kuntahaku.search import facet_counts, facets_json, result_json, run_search
from kuntahaku.store import DocumentStore
from kuntahaku.web import lists
from kuntahaku.web.document import load_document
from kuntahaku.web.params import MAX_QUERY_CHARS, SearchState
from kuntahaku.web.results import SEARCH_LOCK


class ErrorBody(BaseModel):
    """What every failed API call answers."""

    error: str


class HitBody(BaseModel):
    """One passage hit (the document's best, or every matching one with `passages`)."""

    doc_id: str
    path: str
    title: str
    doc_type: str
    date: str
    lang: str
    page: int | None
    pages: list[int]
    score: float
    text: str
    snippet: str
    entities: dict[str, list[str]]
    passage_id: str
    section: str
    heading_path: list[str]
    body: str
    diary_numbers: list[str]
    matches: int


class SearchBody(BaseModel):
    """`kuntahaku search --json`."""

    query: str
    total: int
    passages: int
    hits: list[HitBody]
    facets: dict[str, dict[str, int]]
    suggestions: list[str]
    expanded: dict[str, list[str]]  # query word -> the vocabulary's other names searched too


class FacetsBody(BaseModel):
    """`kuntahaku facets --json`."""

    query: str
    facets: dict[str, dict[str, int]]


class ListSummary(BaseModel):
    """One line of `reading-list ls --json`."""

    name: str
    title: str
    entries: int
    created: str
    updated: str


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "A bad query, filter or value"},
    404: {"model": ErrorBody, "description": "No such document or list"},
    422: {"model": ErrorBody, "description": "A parameter of the wrong type"},
    503: {"model": ErrorBody, "description": "No index in the folder the server was given"},
}
router = APIRouter(prefix="/api", responses=ERRORS)
Values = Annotated[list[str], Query(max_length=20)]
Text = Annotated[str, Query(max_length=200)]
DATE = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"  # YYYY, YYYY-MM or YYYY-MM-DD


def _state(
    q: str,
    issuer: list[str],
    municipality: list[str],
    region: list[str],
    fund: list[str],
    theme: list[str],
    organisation: list[str],
    body: list[str],
    type_: str,
    lang: str,
    year: int | None,
    date_from: str,
    date_to: str,
    sort: str,
) -> SearchState:
    multi = {
        "issuer": issuer,
        "municipality": municipality,
        "region": region,
        "fund": fund,
        "theme": theme,
        "organisation": organisation,
        "body": body,
    }
    single = {
        "q": q,
        "type": type_,
        "lang": lang,
        "year": f"{year:04d}" if year else "",
        "from": date_from,
        "to": date_to,
        "sort": sort,
    }
    return SearchState.parse(single, multi)


@router.get("/search", response_model=SearchBody, summary="Search passages, grouped by document")
def api_search(
    request: Request,
    q: Annotated[
        str, Query(max_length=MAX_QUERY_CHARS, description="The CLI's query language")
    ] = "",
    issuer: Values = [],  # noqa: B006 (FastAPI copies defaults)
    municipality: Values = [],  # noqa: B006
    region: Values = [],  # noqa: B006
    fund: Values = [],  # noqa: B006
    theme: Values = [],  # noqa: B006
    organisation: Values = [],  # noqa: B006
    body: Values = [],  # noqa: B006
    type: Text = "",
    lang: Text = "",
    year: Annotated[int | None, Query(ge=1000, le=9999)] = None,
    date_from: Annotated[str, Query(alias="from", pattern=DATE)] = "",
    date_to: Annotated[str, Query(alias="to", pattern=DATE)] = "",
    sort: Literal["", "relevance", "date"] = "",
    limit: Annotated[int, Query(ge=1, le=500)] = 10,
    offset: Annotated[int, Query(ge=0, le=10000)] = 0,
    passages: bool = False,
    facets: bool = True,
) -> dict[str, Any]:
    """Documents matching the query and filters, best passage first (every matching passage
    with `passages`), with facet counts; `offset` skips documents for paging."""
    state = _state(
        q,
        issuer,
        municipality,
        region,
        fund,
        theme,
        organisation,
        body,
        type,
        lang,
        year,
        date_from,
        date_to,
        sort,
    )
    req = dataclasses.replace(state.request(limit=offset + limit, facets=facets), passages=passages)
    with SEARCH_LOCK:
        result = run_search(request.app.state.index_dir, req)
    if offset:
        docs = list(dict.fromkeys(h.doc_id for h in result.hits))[offset:]
        keep = set(docs)
        result = dataclasses.replace(result, hits=[h for h in result.hits if h.doc_id in keep])
    return result_json(result)


@router.get("/facets", response_model=FacetsBody, summary="Documents per facet value")
def api_facets(
    request: Request,
    q: Annotated[str, Query(max_length=MAX_QUERY_CHARS)] = "",
    issuer: Values = [],  # noqa: B006
    municipality: Values = [],  # noqa: B006
    region: Values = [],  # noqa: B006
    fund: Values = [],  # noqa: B006
    theme: Values = [],  # noqa: B006
    organisation: Values = [],  # noqa: B006
    body: Values = [],  # noqa: B006
    type: Text = "",
    lang: Text = "",
    year: Annotated[int | None, Query(ge=1000, le=9999)] = None,
    date_from: Annotated[str, Query(alias="from", pattern=DATE)] = "",
    date_to: Annotated[str, Query(alias="to", pattern=DATE)] = "",
) -> dict[str, Any]:
    """Document counts per issuing and mentioned municipality, region, fund, theme,
    organisation, type, language, year and body for what the query and filters match."""
    state = _state(
        q,
        issuer,
        municipality,
        region,
        fund,
        theme,
        organisation,
        body,
        type,
        lang,
        year,
        date_from,
        date_to,
        "",
    )
    with SEARCH_LOCK:
        counts = facet_counts(request.app.state.index_dir, state.request(limit=0))
    return facets_json(state.q, counts)


@router.get("/documents/{doc_id}", summary="One document (`show --json`)")
def api_document(
    request: Request, doc_id: Annotated[str, PathParam(pattern=r"^[0-9a-f]{6,64}$")]
) -> dict[str, Any]:
    """Metadata, languages, flagged pages, sections, entities and passages of a document."""
    with DocumentStore(request.app.state.index_dir) as store:
        return render.document_json(load_document(store, doc_id))


@router.get("/lists", response_model=list[ListSummary], summary="Saved reading lists")
def api_lists(request: Request) -> list[dict[str, Any]]:
    """The saved reading lists (`reading-list ls --json`)."""
    return lists.summaries(request.app.state.index_dir)


@router.get("/lists/{name}", summary="A saved reading list, as its JSON export")
def api_list(
    request: Request, name: Annotated[str, PathParam(pattern=r"^\w[\w.-]{0,79}$")]
) -> dict[str, Any]:
    """A saved list with fresh metadata, in the shape of `reading-list export --format json`."""
    return lists.export_json(request.app.state.index_dir, name)
