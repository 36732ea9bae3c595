"""The web app for officials: search, facets, documents at the page, reading lists and a
JSON API, over the same index and search code as the CLI (`kuntahaku serve`)."""

from __future__ import annotations

import ipaddress
from pathlib import Path

from kuntahaku.errors import UsageError

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
) -> None:
    """Run the app on uvicorn until interrupted.

    Beyond localhost a token is required (or `insecure`, for a network that is private
    already): draft minutes may not be public yet.
    """
    import uvicorn

    from kuntahaku.web.app import create_app

    if not is_loopback(host) and not token and not insecure:
        raise UsageError(
            f"serving on {host} lets other machines read the index: give --token (or set"
            f" {TOKEN_ENV}), or --no-token if this network may read everything"
        )
    if not (index_dir / "whoosh").is_dir():
        raise UsageError(f"{index_dir}: no index here yet; run `kuntahaku ingest` first")
    app = create_app(index_dir, token=token)
    uvicorn.run(
        app,
        host=host,
        port=port,
        access_log=access_log,
        log_level="warning",
        server_header=False,
        proxy_headers=False,
    )


__all__ = ["TOKEN_ENV", "is_loopback", "serve"]
