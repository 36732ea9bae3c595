"""uvicorn's HTTP/1.1 protocol with Nagle's algorithm off on every connection.

asyncio turns it off only on sockets whose protocol number says TCP; the listening socket that
`serve --workers N` hands to its worker processes is rebuilt there from its file descriptor
with protocol 0, so without this each keep-alive answer written in two parts (headers, body)
waited for the client's delayed acknowledgement: about 40 ms per request.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol


class NoDelayH11Protocol(H11Protocol):
    """H11Protocol that sets TCP_NODELAY on its connection's socket."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)  # type: ignore[arg-type]
