"""Safe, streaming XML reading for list files.

lxml is configured so that nothing outside the file is ever read: no DTD loading, no entity
resolution, no network. A document that carries any document type declaration (where
"billion laughs" and external-entity attacks live) is refused outright before its content
is read. Elements are streamed with ``iterparse`` and cleared once handled, so memory stays
flat on large files. Syntax errors (malformed or truncated files, bytes that do not match
the declared encoding) become :class:`ListFormatError` naming the file and line.

Example::

    for element in iter_records(path, {"INDIVIDUAL", "ENTITY"}, on_root=print):
        handle(element)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from lxml import etree

from openfiu.errors import ListFormatError


def local_name(tag: object) -> str:
    """The tag without its ``{namespace}``.

    >>> local_name("{urn:x}sdnEntry")
    'sdnEntry'
    """
    text = str(tag)
    return text.rsplit("}", 1)[-1]


def iter_records(
    path: Path,
    record_tags: set[str],
    on_root: Callable[[etree._Element], None] | None = None,
) -> Iterator[etree._Element]:
    """Yield each complete element whose local name is in ``record_tags``.

    ``on_root`` is called with the root element as soon as its start tag is read (its
    attributes are available, its children not yet). The yielded element is cleared
    after the caller has handled it. Raises ListFormatError on unsafe or malformed XML.
    """
    try:
        events = etree.iterparse(
            str(path),
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            dtd_validation=False,
            remove_comments=True,
            remove_pis=True,
        )
        depth = 0
        root_seen = False
        for event, element in events:
            if event == "start":
                depth += 1
                if not root_seen:
                    root_seen = True
                    _refuse_doctype(path, element)
                    if on_root is not None:
                        on_root(element)
                continue
            depth -= 1
            if local_name(element.tag) in record_tags:
                yield element
                element.clear(keep_tail=False)
                parent = element.getparent()
                if parent is not None:
                    while element.getprevious() is not None:
                        del parent[0]
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if exc.position else 0)
        message = str(exc.msg).split(", line ")[0]
        raise ListFormatError(f"{path}:{line}: not well-formed XML: {message}") from None
    if not root_seen:
        raise ListFormatError(f"{path}: no XML element found")


def _refuse_doctype(path: Path, root: etree._Element) -> None:
    info = root.getroottree().docinfo
    if getattr(info, "doctype", "") or info.internalDTD is not None:
        raise ListFormatError(
            f"{path}: XML document type declarations (DTD) are refused: they are where "
            "entity-expansion ('billion laughs') and external-entity attacks live, and no "
            "sanctions list needs one"
        )


def line_of(element: etree._Element) -> int | None:
    """The element's line in the source file, when lxml knows it."""
    value = getattr(element, "sourceline", None)
    return value if isinstance(value, int) else None


def child_text(element: etree._Element, name: str) -> str:
    """Text of the first direct child with local name ``name`` ("" when absent).

    >>> child_text(etree.fromstring("<a><b> x </b></a>"), "b")
    ' x '
    """
    for child in element:
        if isinstance(child.tag, str) and local_name(child.tag) == name:
            return child.text or ""
    return ""


def children(element: etree._Element, name: str) -> list[etree._Element]:
    """Direct children with local name ``name``."""
    return [c for c in element if isinstance(c.tag, str) and local_name(c.tag) == name]
