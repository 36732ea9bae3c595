"""The web app for officials: search, facets, documents at the page, reading lists and a
JSON API, over the same index and search code as the CLI (`kuntahaku serve`)."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Any

from kuntahaku.errors import UsageError
from kuntahaku.search import index_exists

TOKEN_ENV = "KUNTAHAKU_WEB_TOKEN"


def is_loopback(host: str) -> bool:
    """Whether a bind address is only reachable from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    index_dir: Path,
    host: str = "127.0.0.1",
    port: int = 8080,
    token: str = "",
    insecure: bool = False,
    access_log: bool = False,
    workers: int = 1,
) -> None:
    """Run the app on uvicorn until interrupted, in `workers` processes.

    Beyond localhost a token is required (or `insecure`, for a network that is private
    already): draft minutes may not be public yet.
    """
    import secrets

    import uvicorn

    from kuntahaku.web import app as web_app
    from kuntahaku.web._nodelay import NoDelayH11Protocol

    if not is_loopback(host) and not token and not insecure:
        raise UsageError(
            f"serving on {host} lets other machines read the index: give --token (or set"
            f" {TOKEN_ENV}), or --no-token if this network may read everything"
        )
    if not index_exists(index_dir):
        raise UsageError(f"{index_dir}: no index here yet; run `kuntahaku ingest` first")
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "access_log": access_log,
        "log_level": "warning",
        "server_header": False,
        "proxy_headers": False,
        "http": NoDelayH11Protocol,
    }
    key = secrets.token_bytes(32)
    if workers <= 1:
        uvicorn.run(web_app.create_app(index_dir, token=token, key=key), **options)
        return
    os.environ[web_app.ENV_INDEX] = str(index_dir.resolve())
    os.environ[web_app.ENV_TOKEN] = token
    os.environ[web_app.ENV_KEY] = key.hex()
    uvicorn.run("kuntahaku.web.app:from_environment", factory=True, workers=workers, **options)


__all__ = ["TOKEN_ENV", "is_loopback", "serve"]
