"""The reading-list pages: the saved lists, one list (notes, order, grouping, removal), adding
a document from a result or a document page, and the exports. Every change is a POST form
carrying the CSRF token, and goes back where it came from (303), so it all works without
JavaScript."""

from __future__ import annotations

import hmac
from urllib.parse import quote

from fastapi import APIRouter
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from kuntahaku import readinglist
from kuntahaku.errors import KuntahakuError, UsageError
from kuntahaku.web import lists
from kuntahaku.web.app import page, status_for
from kuntahaku.web.params import SearchState
from kuntahaku.web.security import FILE_CSP, safe_next

router = APIRouter(include_in_schema=False)


async def checked_form(request: Request) -> FormData:
    """The posted form, refused (400) unless it carries this server's CSRF token."""
    form = await request.form()
    given = str(form.get("csrf", ""))
    if not hmac.compare_digest(given.encode(), request.app.state.keys.csrf.encode()):
        raise UsageError("the form is out of date or came from another site; reload the page")
    return form


def _done(target: str, message: str = "", error: str = "") -> Response:
    """Back to the page the form was on, with a one-line outcome in its URL."""
    sep = "&" if "?" in target else "?"
    if message:
        target += f"{sep}done={quote(message)}"
    elif error:
        target += f"{sep}failed={quote(error)}"
    return RedirectResponse(target, status_code=303)


def _field(form: FormData, name: str, limit: int = 200) -> str:
    value = str(form.get(name, "")).strip()
    if len(value) > limit:
        raise UsageError(f"{name} is longer than {limit} characters")
    return value


@router.get("/lists")
def saved_lists(request: Request) -> Response:
    """Every saved list, and a form to start a new one."""
    return page(request, "lists.html", rows=lists.summaries(request.app.state.index_dir))


@router.post("/lists")
async def new_list(request: Request) -> Response:
    """Start an empty list."""
    form = await checked_form(request)
    name = _field(form, "name", 80)
    try:
        lists.create(request.app.state.index_dir, name, title=_field(form, "title", 300))
    except KuntahakuError as exc:
        return _done("/lists", error=str(exc))
    return RedirectResponse(f"/lists/{quote(name)}", status_code=303)


@router.post("/lists/add")
async def add_to_list(request: Request) -> Response:
    """Add a document to a list chosen or named in the form; a new name starts a new list
    whose request is the search the document was found with."""
    form = await checked_form(request)
    index_dir = request.app.state.index_dir
    back = safe_next(_field(form, "next", 4000))
    name = _field(form, "list", 80)
    doc_id = _field(form, "doc_id", 80)
    try:
        if not name:
            raise UsageError("name a reading list to add the document to")
        if name not in lists.names(index_dir):
            search = _field(form, "search", 4000)
            state = None
            if search:
                from urllib.parse import parse_qs

                parsed = parse_qs(search)
                state = SearchState.parse({k: v[0] for k, v in parsed.items()}, parsed)
            lists.create(index_dir, name, state)
        lists.add(index_dir, name, doc_id)
    except KuntahakuError as exc:
        return _done(back, error=str(exc))
    return _done(back, message=f"added:{name}")


@router.get("/lists/{name}")
def one_list(request: Request, name: str) -> Response:
    """A saved list: entries in their groups, with note, move and remove forms."""
    view = lists.load_view(request.app.state.index_dir, name)
    return page(
        request,
        "list.html",
        view=view,
        name=name,
        group_by=readinglist.GROUP_BY,
        orders=readinglist.ORDERS,
        formats=list(lists.EXPORT_TYPES),
    )


@router.post("/lists/{name}/{action}")
async def change_list(request: Request, name: str, action: str) -> Response:
    """One change to a list: note, remove, move, layout or delete."""
    form = await checked_form(request)
    index_dir = request.app.state.index_dir
    here = f"/lists/{quote(name)}"
    doc_id = _field(form, "doc_id", 80)
    try:
        if action == "note":
            lists.note(index_dir, name, doc_id, str(form.get("note", "")))
        elif action == "remove":
            lists.remove(index_dir, name, doc_id)
        elif action in ("up", "down"):
            lists.move(index_dir, name, doc_id, -1 if action == "up" else 1)
        elif action == "layout":
            lists.set_layout(index_dir, name, _field(form, "group_by"), _field(form, "order"))
        elif action == "delete":
            lists.delete(index_dir, name)
            return _done("/lists", message=f"deleted:{name}")
        else:
            raise UsageError(f"unknown change {action!r}")
    except KuntahakuError as exc:
        if status_for(exc) == 404 and action != "remove" and not doc_id:
            raise
        return _done(here, error=str(exc))
    anchor = f"#e-{doc_id}" if doc_id and action != "remove" else ""
    return RedirectResponse(f"{here}?done={action}{anchor}", status_code=303)


@router.get("/lists/{name}/export.{fmt}")
def export_list(request: Request, name: str, fmt: str) -> Response:
    """A saved list as Markdown, HTML, CSV or JSON (as `reading-list export`), downloaded."""
    text = lists.export(request.app.state.index_dir, name, fmt)
    response = Response(text, media_type=lists.EXPORT_TYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response.headers["Content-Security-Policy"] = FILE_CSP
    return response
