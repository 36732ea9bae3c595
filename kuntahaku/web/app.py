"""The web application: FastAPI (on Starlette) with Jinja2 templates, served by uvicorn.

`create_app(index_dir)` builds the app over one index folder; the pages (`pages.py`,
`listpages.py`) and the JSON API (`api.py`) call the same search, store and reading-list
functions as the CLI. Our errors become a message on the page with a 4xx status, or a JSON
`{"error": ...}` from the API; nothing ever answers with a traceback.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kuntahaku import __version__
from kuntahaku.errors import (
    DocumentNotFound,
    IndexStoreError,
    KuntahakuError,
    NotInReadingList,
    UnknownReadingList,
)
from kuntahaku.web import i18n
from kuntahaku.web.security import Secrets, SecurityMiddleware

HERE = Path(__file__).resolve().parent
ENV_INDEX, ENV_TOKEN, ENV_KEY = "KUNTAHAKU_WEB_INDEX", "KUNTAHAKU_WEB_TOKEN", "KUNTAHAKU_WEB_KEY"
UI_COOKIE = "ui"
log = logging.getLogger("kuntahaku.web")


def status_for(exc: KuntahakuError) -> int:
    """The HTTP status of one of our errors: 404 for something not there, 503 for a missing
    or unreadable index, else 400 (the request asked for something that cannot be)."""
    if isinstance(exc, DocumentNotFound | UnknownReadingList | NotInReadingList):
        return 404
    if isinstance(exc, IndexStoreError):
        return 503
    return 400


def templates() -> Jinja2Templates:
    """The page templates, autoescaped."""
    env = Jinja2Templates(directory=str(HERE / "templates"))
    env.env.autoescape = True
    return env


class LanguageMiddleware:
    """Picks the interface language of each request; the switch (`?ui=sv`) also remembers it
    in a cookie (plain ASGI, as `SecurityMiddleware`)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Set `request.state.ui`, then remember a language chosen with the switch."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        asked = request.query_params.get("ui")
        request.state.ui = i18n.choose(
            asked, request.cookies.get(UI_COOKIE), request.headers.get("accept-language", "")
        )
        if asked not in i18n.UI_LANGS:
            await self.app(scope, receive, send)
            return
        remember = Response()
        remember.set_cookie(UI_COOKIE, asked, max_age=365 * 86400, samesite="lax", httponly=True)
        cookie = remember.headers["set-cookie"]

        async def with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).append("set-cookie", cookie)
            await send(message)

        await self.app(scope, receive, with_cookie)


def page(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    """A template rendered with the labels of the request's language."""
    app = request.app
    ui = getattr(request.state, "ui", i18n.DEFAULT_UI)
    t = i18n.Translator(ui)

    def switch(lang: str) -> str:
        return str(
            request.url.remove_query_params(["done", "failed"])
            .include_query_params(ui=lang)
            .replace(scheme="", netloc="")
        )

    base = {
        "request": request,
        "t": t,
        "ui": ui,
        "ui_names": i18n.UI_NAMES,
        "switch": switch,
        "csrf": app.state.keys.csrf,
        "needs_login": bool(app.state.keys.token),
        "version": __version__,
        "done": request.query_params.get("done", "")[:300],
        "failed": request.query_params.get("failed", "")[:300],
    }
    response: Response = app.state.templates.TemplateResponse(
        request, template, {**base, **context}, status_code=status
    )
    return response


def error_page(request: Request, message: str, status: int) -> Response:
    """An error as a page (or as JSON under /api/)."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=status)
    return page(request, "error.html", status=status, message=message, status_code=status)


def create_app(index_dir: Path, token: str = "", key: bytes = b"") -> FastAPI:
    """The app over one index folder; with `token`, every request needs it. `key` signs the
    sign-in cookie and the forms (random when not given)."""
    from kuntahaku.web import api, listpages, pages

    app = FastAPI(
        title="kuntahaku",
        version=__version__,
        description="Search Finnish and Swedish council minutes, decisions and agreements: "
        "the JSON shapes of `kuntahaku search --json` and `show --json`.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.index_dir = index_dir
    app.state.keys = Secrets(token, key)
    app.state.templates = templates()
    app.add_middleware(LanguageMiddleware)
    app.add_middleware(SecurityMiddleware, keys=app.state.keys)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(pages.router)
    app.include_router(listpages.router)
    app.include_router(api.router)

    @app.exception_handler(KuntahakuError)
    async def our_error(request: Request, exc: KuntahakuError) -> Response:
        return error_page(request, str(exc), status_for(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(x) for x in e.get('loc', ())[1:]) or 'request'}: {e.get('msg', '')}"
            for e in exc.errors()
        )
        return error_page(request, f"bad request: {problems}", 422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        t = i18n.Translator(getattr(request.state, "ui", i18n.DEFAULT_UI))
        message = str(exc.detail) if exc.status_code != 404 else t("error.not_found")
        response = error_page(request, message, exc.status_code)
        for key, value in (exc.headers or {}).items():  # e.g. Allow on a 405
            response.headers[key] = value
        return response

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return error_page(request, "internal error; the server log has the details", 500)

    return app


def from_environment() -> FastAPI:
    """The app of one worker process of `serve --workers N` (uvicorn's factory): the index
    folder, token and key come from the environment `serve` set."""
    return create_app(
        Path(os.environ[ENV_INDEX]),
        token=os.environ.get(ENV_TOKEN, ""),
        key=bytes.fromhex(os.environ[ENV_KEY]),
    )
