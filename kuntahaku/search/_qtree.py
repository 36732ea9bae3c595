"""The engine-neutral query tree that the query parser builds and each engine compiles.

Fields are the schema's logical fields (`text_fi`, `title`, `municipality`, `date`, ...); values
are index terms already analysed by our own Finnish/Swedish/English analysis, so an engine only
maps nodes to its own queries and never analyses text itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Node:
    """A query node; `boost` multiplies its score."""

    def children(self) -> tuple[Node, ...]:
        """The sub-queries of this node."""
        return ()

    def leaves(self) -> Iterator[Node]:
        """Every leaf under this node (the node itself when it has no children)."""
        kids = self.children()
        if not kids:
            yield self
            return
        stack = list(reversed(kids))
        while stack:
            node = stack.pop()
            sub = node.children()
            if sub:
                stack.extend(reversed(sub))
            else:
                yield node


@dataclass(frozen=True)
class Null(Node):
    """Matches nothing."""


@dataclass(frozen=True)
class Every(Node):
    """Matches every passage."""

    boost: float = 1.0


@dataclass(frozen=True)
class Term(Node):
    """One index term of one field."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Prefix(Node):
    """Every term of a field that starts with `text` (used for dates: `date:2021-05`)."""

    field: str
    text: str


@dataclass(frozen=True)
class Wildcard(Node):
    """Terms matching a pattern of `*` (any run) and `?` (one character)."""

    field: str
    pattern: str


@dataclass(frozen=True)
class Fuzzy(Node):
    """Terms within `maxdist` edits of `text`, sharing its first `prefix` characters."""

    field: str
    text: str
    maxdist: int = 1
    prefix: int = 1


@dataclass(frozen=True)
class Range(Node):
    """Terms between `lo` and `hi` inclusive (None: open); on `date` (ISO) or `year`."""

    field: str
    lo: str | None
    hi: str | None


@dataclass(frozen=True)
class Phrase(Node):
    """Ordered positions, each holding one of its slot's terms, each 1..slop after the last.

    `exact` phrases have one term per slot and must match all of them (whoosh `Phrase`); the
    others accept any term of a slot (several base forms of one word)."""

    field: str
    slots: tuple[tuple[str, ...], ...]
    slop: int = 1
    boost: float = 1.0

    @property
    def exact(self) -> bool:
        """Whether each slot holds one term."""
        return all(len(s) == 1 for s in self.slots)


@dataclass(frozen=True)
class Or(Node):
    """Any of the items; scores add up."""

    items: tuple[Node, ...]
    boost: float = 1.0

    def children(self) -> tuple[Node, ...]:
        return self.items


@dataclass(frozen=True)
class And(Node):
    """All of the items; scores add up."""

    items: tuple[Node, ...]
    boost: float = 1.0

    def children(self) -> tuple[Node, ...]:
        return self.items


@dataclass(frozen=True)
class AndNot(Node):
    """`a` where `b` does not match; `a`'s score."""

    a: Node
    b: Node

    def children(self) -> tuple[Node, ...]:
        return (self.a, self.b)


@dataclass(frozen=True)
class AndMaybe(Node):
    """`a`, scored higher where `b` matches too."""

    a: Node
    b: Node

    def children(self) -> tuple[Node, ...]:
        return (self.a, self.b)


@dataclass(frozen=True)
class Not(Node):
    """Every passage `q` does not match."""

    q: Node

    def children(self) -> tuple[Node, ...]:
        return (self.q,)


@dataclass(frozen=True)
class Filtered:
    """A query with the filter that limits it and the passage-level terms that prefer the
    passages naming a filtered value (to pick a document's best passage)."""

    query: Node
    filter: Node | None = None
    prefer: tuple[Node, ...] = field(default_factory=tuple)


def any_of(items: list[Node]) -> Node:
    """`Or` of the items that are not None (one item as itself, none as `Null`)."""
    kept = [q for q in items if q is not None]
    if not kept:
        return Null()
    return kept[0] if len(kept) == 1 else Or(tuple(kept))


def with_boost(node: Node, boost: float) -> Node:
    """The node with its boost set (nodes without one are returned as they are)."""
    if isinstance(node, Term | Or | And | Phrase | Every):
        return type(node)(**{**node.__dict__, "boost": boost})
    return node
