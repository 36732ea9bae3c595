"""The HTML pages: search with facets, a document, its original file at a page, and login."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from kuntahaku.errors import DocumentNotFound, KuntahakuError
from kuntahaku.ingest import entities
from kuntahaku.search import FACETS
from kuntahaku.store import DocumentStore
from kuntahaku.web import lists
from kuntahaku.web.app import page, status_for
from kuntahaku.web.document import document_view, load_document
from kuntahaku.web.i18n import Translator
from kuntahaku.web.params import FACET_PARAM, SearchState
from kuntahaku.web.results import marked_html, search_page
from kuntahaku.web.security import AUTH_COOKIE, FILE_CSP, safe_next

router = APIRouter(include_in_schema=False)
FACET_VALUES_SHOWN = 8
# Values listed under "more" at most: the commonest, as the CLI's facets list them.
FACET_VALUES_LISTED = 40
ENTITY_PARAMS = ("issuer", "municipality", "region", "fund", "theme", "organisation")
FILE_TYPES = {"pdf": "application/pdf", "html": "text/html", "text": "text/plain"}


@dataclass(frozen=True, slots=True)
class FacetValue:
    """One value of a facet beside the results (attributes: the template reads each one)."""

    value: str
    label: str
    count: int
    active: bool
    url: str


@dataclass(frozen=True, slots=True)
class FacetBlock:
    """A facet beside the results: its values, the first `shown` of them listed at once."""

    facet: str
    param: str
    values: list[FacetValue]
    shown: int


@lru_cache(maxsize=8192)
def _entity_label(param: str, value: str, lang: str) -> str:
    """A gazetteer value's label (the same for every page that shows it)."""
    try:
        return entities.label(param, value, lang)
    except KuntahakuError:
        return value


def value_label(t: Translator, param: str, value: str) -> str:
    """How a filter value reads in the interface language."""
    if param in ENTITY_PARAMS:
        return _entity_label(param, value, t.lang)
    if param in ("type", "lang") and t.has(f"{param}.{value}"):
        return t(f"{param}.{value}")
    return value


def state_of(request: Request) -> SearchState:
    """The search state of a request's URL."""
    params = request.query_params
    multi = {k: params.getlist(k) for k in params}
    return SearchState.parse(dict(params), multi)


def facet_blocks(
    t: Translator, state: SearchState, facets: dict[str, dict[str, int]]
) -> list[FacetBlock]:
    """The facets beside the results: each value with its count and the URL that toggles it."""
    out = []
    for facet in FACETS:
        param = FACET_PARAM[facet]
        counts = list(facets.get(facet, {}).items())[:FACET_VALUES_LISTED]
        if not counts:
            continue
        urls = state.toggled_query_strings(param, [v for v, _ in counts])
        values = [
            FacetValue(
                value=v,
                label=value_label(t, param, v),
                count=n,
                active=state.has(param, v),
                url="/?" + url,
            )
            for (v, n), url in zip(counts, urls, strict=True)
        ]
        out.append(FacetBlock(facet, param, values, FACET_VALUES_SHOWN))
    return out


@router.get("/")
def search(request: Request) -> Response:
    """The search page: query box, active filters, results by document, facets, pages."""
    t = Translator(request.state.ui)
    try:
        state = state_of(request)
    except KuntahakuError as exc:
        return page(
            request,
            "search.html",
            status=400,
            state=SearchState(),
            error=str(exc),
            result=None,
            active=[],
            facets=[],
            saved=[],
        )
    active = [
        {
            "param": p,
            "value": v,
            "label": value_label(t, p, v),
            "url": "/?" + state.toggled(p, v).query_string(),
        }
        for p, v in state.active()
    ]
    try:
        result = search_page(request.app.state.index_dir, state)
    except KuntahakuError as exc:
        return page(
            request,
            "search.html",
            status=status_for(exc),
            state=state,
            error=str(exc),
            result=None,
            active=active,
            facets=[],
            saved=[],
        )
    return page(
        request,
        "search.html",
        state=state,
        error="",
        result=result,
        active=active,
        facets=facet_blocks(t, state, result.result.facets),
        marked=marked_html,
        saved=lists.names(request.app.state.index_dir),
        here="/?" + state.query_string(),
        clear_url="/?" + state.cleared().query_string(),
        page_url=lambda n: "/?" + state.at_page(n).query_string(),
        alone_url="/?" + replace(state, expand=False, page=1).query_string(),
        value_label=lambda p, v: value_label(t, p, v),
    )


@router.get("/doc/{doc_id}")
def document(request: Request, doc_id: str) -> Response:
    """A document: metadata, § list with pages, entities, passages (query words marked)."""
    q = request.query_params.get("q", "")[:1000]
    view = document_view(request.app.state.index_dir, doc_id, q)
    back = request.query_params.get("back", "")
    return page(
        request,
        "document.html",
        view=view,
        doc=view.doc,
        q=q,
        back=safe_next(back, "") if back else "",
        saved=lists.names(request.app.state.index_dir),
        here=str(request.url.replace(scheme="", netloc="")),
    )


@router.get("/file/{doc_id}")
def original_file(request: Request, doc_id: str) -> Response:
    """The original file of a document, by its id only; open it at a page with `#page=N`."""
    with DocumentStore(request.app.state.index_dir) as store:
        doc = load_document(store, doc_id)
    path = Path(doc.path)
    if not path.is_file():
        raise DocumentNotFound(f"the original file of {doc_id} is no longer at {path}")
    media = FILE_TYPES.get(doc.format, "application/octet-stream")
    response = FileResponse(
        path, media_type=media, filename=path.name, content_disposition_type="inline"
    )
    if doc.format != "pdf":
        response.headers["Content-Security-Policy"] = FILE_CSP
    else:  # the browser's PDF viewer must be able to run; nothing of ours is on this page
        response.headers["Content-Security-Policy"] = "frame-ancestors 'self'"
    return response


@router.get("/login")
def login_form(request: Request) -> Response:
    """The sign-in form (only used when the server was started with a token)."""
    return page(
        request, "login.html", next=safe_next(request.query_params.get("next", "/")), error=""
    )


@router.post("/login")
async def login(request: Request) -> Response:
    """Check the token; on success set the sign-in cookie and go on."""
    form = await request.form()
    token = str(form.get("token", ""))
    target = safe_next(str(form.get("next", "/")))
    keys = request.app.state.keys
    if not keys.token:
        return RedirectResponse(target, status_code=303)
    if not keys.token_ok(token):
        t = Translator(request.state.ui)
        return page(request, "login.html", status=401, next=target, error=t("login.wrong"))
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        AUTH_COOKIE, keys.auth_cookie, httponly=True, samesite="strict", max_age=12 * 3600
    )
    return response


@router.get("/healthz")
def healthz(request: Request) -> Response:
    """Liveness probe for scripts and tests."""
    return Response("ok", media_type="text/plain")
