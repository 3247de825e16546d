"""Two byte-level PDF steps pypdf lacks: object streams, and a cheap incremental page update.

`pack` rewrites a PDF written by pypdf with its dictionaries in compressed object streams (as
WeasyPrint writes them), which keeps a combined copy the size of the handbook. `PageSwap` appends
to such a file an incremental update (PDF 1.7 §7.5.6) giving page 1 new content: a personal
copy then costs one content stream and a few hundred bytes, not a rewrite of the whole file.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterable

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject, NameObject, StreamObject

_HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
_PER_STREAM = 200  # objects per object stream


def _serialise(obj: object) -> bytes:
    buffer = io.BytesIO()
    obj.write_to_stream(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


def _ref(obj: object) -> bytes:
    return _serialise(obj) if obj is not None else b"null"


def _xref_stream(
    rows: dict[int, tuple[int, int, int]], trailer: dict[bytes, bytes], own_id: int
) -> bytes:
    """An xref stream object listing `rows` (id -> type, field 2, field 3) in ascending runs."""
    ids = sorted(rows)
    runs: list[list[int]] = []
    for idnum in ids:
        if runs and runs[-1][0] + runs[-1][1] == idnum:
            runs[-1][1] += 1
        else:
            runs.append([idnum, 1])
    data = zlib.compress(
        b"".join(
            bytes([rows[i][0]]) + rows[i][1].to_bytes(4, "big") + rows[i][2].to_bytes(2, "big")
            for i in ids
        )
    )
    index = b" ".join(b"%d %d" % (start, count) for start, count in runs)
    entries = b"".join(b"/" + key + b" " + value for key, value in trailer.items())
    return (
        b"%d 0 obj\n<< /Type /XRef /W [1 4 2] /Index [%s] %s /Filter /FlateDecode /Length %d >>\n"
        b"stream\n%s\nendstream\nendobj\n" % (own_id, index, entries, len(data), data)
    )


def pack(pdf: bytes) -> bytes:
    """The same PDF with every non-stream object in compressed object streams."""
    reader = PdfReader(io.BytesIO(pdf))
    size = int(reader.trailer["/Size"])
    out = io.BytesIO()
    out.write(_HEADER)
    rows: dict[int, tuple[int, int, int]] = {0: (0, 0, 65535)}
    packed: list[tuple[int, bytes]] = []
    for idnum in range(1, size):
        try:
            obj = reader.get_object(idnum)
        except Exception:  # a free or damaged entry: leave it out
            obj = None
        if obj is None:
            continue
        if isinstance(obj, StreamObject):
            rows[idnum] = (1, out.tell(), 0)
            out.write(b"%d 0 obj\n" % idnum + _serialise(obj) + b"\nendobj\n")
        else:
            packed.append((idnum, _serialise(obj)))
    next_id = size
    for start in range(0, len(packed), _PER_STREAM):
        chunk = packed[start : start + _PER_STREAM]
        offsets, bodies, position = [], [], 0
        for index, (idnum, body) in enumerate(chunk):
            offsets.append(b"%d %d" % (idnum, position))
            bodies.append(body + b"\n")
            position += len(body) + 1
            rows[idnum] = (2, next_id, index)
        head = b" ".join(offsets) + b"\n"
        data = zlib.compress(head + b"".join(bodies))
        rows[next_id] = (1, out.tell(), 0)
        out.write(
            b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n"
            b"stream\n%s\nendstream\nendobj\n" % (next_id, len(chunk), len(head), len(data), data)
        )
        next_id += 1
    trailer = {b"Size": b"%d" % (next_id + 1), b"Root": _ref(reader.trailer.raw_get("/Root"))}
    if "/Info" in reader.trailer:
        trailer[b"Info"] = _ref(reader.trailer.raw_get("/Info"))
    if "/ID" in reader.trailer:
        trailer[b"ID"] = _serialise(reader.trailer["/ID"])
    xref_at = out.tell()
    rows[next_id] = (1, xref_at, 0)
    out.write(_xref_stream(rows, trailer, next_id))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref_at)
    return out.getvalue()


class PageSwap:
    """Copies of one PDF that differ only in the content of their first page."""

    def __init__(self, pdf: bytes):
        reader = PdfReader(io.BytesIO(pdf))
        self.pdf = pdf
        self.size = int(reader.trailer["/Size"])
        self.startxref = reader._startxref
        page = reader.pages[0]
        self.page_id = page.indirect_reference.idnum
        self.page = DictionaryObject({key: page.raw_get(key) for key in page})
        self.trailer = {b"Root": _ref(reader.trailer.raw_get("/Root"))}
        if "/Info" in reader.trailer:
            self.trailer[b"Info"] = _ref(reader.trailer.raw_get("/Info"))
        if "/ID" in reader.trailer:
            self.trailer[b"ID"] = _serialise(reader.trailer["/ID"])

    def with_first_page(self, content: bytes) -> bytes:
        """The PDF whose first page draws `content` (a decoded content stream) instead."""
        out = io.BytesIO()
        out.write(self.pdf)
        if not self.pdf.endswith(b"\n"):
            out.write(b"\n")
        content_id, xref_id = self.size, self.size + 1
        rows = {}
        data = zlib.compress(content)
        rows[content_id] = (1, out.tell(), 0)
        out.write(
            b"%d 0 obj\n<< /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\nendobj\n"
            % (content_id, len(data), data)
        )
        page = DictionaryObject(self.page)
        page[NameObject("/Contents")] = IndirectObject(content_id, 0, None)  # type: ignore[arg-type]
        rows[self.page_id] = (1, out.tell(), 0)
        out.write(b"%d 0 obj\n%s\nendobj\n" % (self.page_id, _serialise(page)))
        trailer = {b"Size": b"%d" % (xref_id + 1), **self.trailer, b"Prev": b"%d" % self.startxref}
        xref_at = out.tell()
        rows[xref_id] = (1, xref_at, 0)
        out.write(_xref_stream(rows, trailer, xref_id))
        out.write(b"startxref\n%d\n%%%%EOF\n" % xref_at)
        return out.getvalue()


def page_content(reader: PdfReader, index: int) -> bytes:
    """The decoded content stream(s) of a page, joined."""
    contents = reader.pages[index].get_contents()
    return contents.get_data() if contents is not None else b""


def same_resources(reader: PdfReader, pages: Iterable[int]) -> bool:
    """Whether the pages use identical resource dictionaries (so content can move between them)."""
    serialised = {_serialise(reader.pages[i].raw_get("/Resources")) for i in pages}
    return len(serialised) == 1
