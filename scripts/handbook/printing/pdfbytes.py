"""Byte-level PDF steps pypdf lacks: object streams, a cheap incremental page update, and
carrying a tagged PDF's structure tree through a splice.

`pack`/`pack_writer` write a PDF with its dictionaries in compressed object streams (as
WeasyPrint writes them), which keeps a combined copy the size of the handbook. `tag_copy` gives
pages spliced from a tagged PDF their structure back: elements copied with /P, /Pg and
annotation references remapped, a new parent tree keyed by the copy's pages. `PageSwap`
appends to such a file an incremental update (PDF 1.7 §7.5.6) giving its first pages new
content, and with it their structure elements and parent-tree leaf: a personal copy then costs
a few content streams and objects, not a rewrite of the whole file.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

import pydyf
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    StreamObject,
)

_HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
_PER_STREAM = 200  # objects per object stream


def _serialise(obj: object) -> bytes:
    buffer = io.BytesIO()
    obj.write_to_stream(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


def _fast(obj: object, names: dict[str, bytes]) -> bytes:
    """`_serialise` for the plain objects most of a file is made of, without pypdf's streams.

    `names`: the bytes of the PDF names met so far, kept by the caller for one file."""
    kind = type(obj)
    if kind is IndirectObject:
        return b"%d %d R" % (obj.idnum, obj.generation)  # type: ignore[attr-defined]
    if kind is NameObject:
        name = names.get(obj)  # type: ignore[call-overload]
        if name is None:
            name = names[obj] = _serialise(obj)  # type: ignore[index]
        return name
    if kind is NumberObject:
        return b"%d" % obj  # type: ignore[str-format]
    if kind is DictionaryObject:
        items = (_fast(key, names) + b" " + _fast(value, names) for key, value in obj.items())  # type: ignore[attr-defined]
        return b"<<" + b" ".join(items) + b">>"
    if kind is ArrayObject:
        return b"[" + b" ".join(_fast(value, names) for value in obj) + b"]"  # type: ignore[attr-defined]
    return _serialise(obj)


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


def _object_stream(
    out: io.BytesIO, chunk: list[tuple[int, bytes]], own_id: int, rows: dict
) -> None:
    """Write `chunk` (id, serialised object) as compressed object stream `own_id`; note rows."""
    offsets, bodies, position = [], [], 0
    for index, (idnum, body) in enumerate(chunk):
        offsets.append(b"%d %d" % (idnum, position))
        bodies.append(body + b"\n")
        position += len(body) + 1
        rows[idnum] = (2, own_id, index)
    head = b" ".join(offsets) + b"\n"
    data = zlib.compress(head + b"".join(bodies))
    rows[own_id] = (1, out.tell(), 0)
    out.write(
        b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n"
        b"stream\n%s\nendstream\nendobj\n" % (own_id, len(chunk), len(head), len(data), data)
    )


def _packed(objects: Iterable[tuple[int, object]], size: int, trailer: dict[bytes, bytes]) -> bytes:
    """A PDF of `objects` (id, object; ids below `size`), non-stream ones in object streams."""
    out = io.BytesIO()
    out.write(_HEADER)
    rows: dict[int, tuple[int, int, int]] = {0: (0, 0, 65535)}
    packed: list[tuple[int, bytes]] = []
    names: dict[str, bytes] = {}
    for idnum, obj in objects:
        if isinstance(obj, StreamObject):
            rows[idnum] = (1, out.tell(), 0)
            out.write(b"%d 0 obj\n" % idnum + _serialise(obj) + b"\nendobj\n")
        else:
            packed.append((idnum, _fast(obj, names)))
    next_id = size
    for start in range(0, len(packed), _PER_STREAM):
        _object_stream(out, packed[start : start + _PER_STREAM], next_id, rows)
        next_id += 1
    xref_at = out.tell()
    rows[next_id] = (1, xref_at, 0)
    out.write(_xref_stream(rows, {b"Size": b"%d" % (next_id + 1), **trailer}, next_id))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref_at)
    return out.getvalue()


def pack(pdf: bytes) -> bytes:
    """The same PDF with every non-stream object in compressed object streams."""
    reader = PdfReader(io.BytesIO(pdf))
    size = int(reader.trailer["/Size"])

    def objects() -> Iterator[tuple[int, object]]:
        for idnum in range(1, size):
            try:
                obj = reader.get_object(idnum)
            except Exception:  # a free or damaged entry: leave it out
                obj = None
            if obj is not None:
                yield idnum, obj

    trailer = {b"Root": _ref(reader.trailer.raw_get("/Root"))}
    if "/Info" in reader.trailer:
        trailer[b"Info"] = _ref(reader.trailer.raw_get("/Info"))
    if "/ID" in reader.trailer:
        trailer[b"ID"] = _serialise(reader.trailer["/ID"])
    return _packed(objects(), size, trailer)


def pack_writer(writer: PdfWriter) -> bytes:
    """What `pack(writer.write(...))` gives, written from the writer's objects without reparsing."""
    writer._resolve_links()
    objects = ((i, obj) for i, obj in enumerate(writer._objects, start=1) if obj is not None)
    trailer = {b"Root": _ref(writer.root_object.indirect_reference)}
    if writer._info is not None:
        trailer[b"Info"] = _ref(writer._info.indirect_reference)
    if writer._ID is not None:
        trailer[b"ID"] = _serialise(writer._ID)
    return _packed(objects, len(writer._objects) + 1, trailer)


# --- structure trees (tagged PDF, ISO 32000-1 §14.7) ------------------------------------------


def _numbers(node: object) -> dict[int, object]:
    """A number tree (ISO 32000-1 §7.9.7) flattened: key -> raw value (references kept)."""
    node = node.get_object() if isinstance(node, IndirectObject) else node
    found: dict[int, object] = {}
    if not isinstance(node, DictionaryObject):
        return found
    nums = node.get("/Nums")
    if nums is not None:
        pairs = nums.get_object()
        for index in range(0, len(pairs) - 1, 2):
            found[int(pairs[index])] = pairs[index + 1]
    for kid in node.get("/Kids") or []:
        found.update(_numbers(kid))
    return found


def _kids(value: object) -> list[object]:
    value = value.get_object() if isinstance(value, IndirectObject) else value
    if value is None:
        return []
    return list(value) if isinstance(value, ArrayObject) else [value]


def _is_element(obj: object) -> bool:
    return isinstance(obj, DictionaryObject) and obj.get("/Type", "/StructElem") == "/StructElem"


def _detached(value: object) -> object:
    """A value with its references resolved inline (attribute dictionaries, arrays)."""
    if isinstance(value, IndirectObject):
        value = value.get_object()
        if isinstance(value, StreamObject):
            raise ValueError("structure element points to a stream: not supported")
    if isinstance(value, DictionaryObject):
        return DictionaryObject({k: _detached(v) for k, v in value.items()})
    if isinstance(value, ArrayObject):
        return ArrayObject(_detached(v) for v in value)
    return value


class Structure:
    """The structure tree of a tagged PDF, read once: top-level elements by page, parent tree.

    A top-level element is the first element on the way down from the root that names a page
    (/Pg); WeasyPrint builds one such subtree per page and box, all on that page.
    """

    def __init__(self, reader: PdfReader):
        self.reader = reader
        catalog = reader.trailer["/Root"]
        root = catalog.get("/StructTreeRoot")
        self.root = root.get_object() if root is not None else None
        self.tops: dict[int, list[IndirectObject]] = {}
        self.parents: dict[int, object] = {}
        self.lang = catalog.get("/Lang")
        if self.root is None:
            return
        self.parents = _numbers(self.root.get("/ParentTree"))
        stack = list(reversed(_kids(self.root.get("/K"))))
        while stack:
            ref = stack.pop()
            element = ref.get_object() if isinstance(ref, IndirectObject) else ref
            if not _is_element(element):
                continue
            page = element.raw_get("/Pg") if "/Pg" in element else None
            if isinstance(page, IndirectObject) and isinstance(ref, IndirectObject):
                self.tops.setdefault(page.idnum, []).append(ref)
            else:
                stack.extend(reversed(_kids(element.get("/K"))))

    def page_tops(self, index: int) -> list[IndirectObject]:
        """Top-level elements of a page (by index), in reading order."""
        return self.tops.get(self.reader.pages[index].indirect_reference.idnum, [])

    def page_entry(self, index: int) -> list[object]:
        """The parent-tree array of a page: its elements by MCID (references into the reader)."""
        key = self.reader.pages[index].get("/StructParents")
        return list(_kids(self.parents.get(int(key)))) if key is not None else []


class _Copier:
    """Copies struct elements into another file, remapping /P, /Pg and annotation references."""

    def __init__(
        self,
        add: Callable[[DictionaryObject], IndirectObject],
        pages: dict[int, IndirectObject],
        annotations: dict[int, IndirectObject],
    ):
        self.add = add
        self.pages = pages
        self.annotations = annotations
        self.copied: dict[int, IndirectObject] = {}

    def page(self, value: object) -> IndirectObject:
        if not isinstance(value, IndirectObject) or value.idnum not in self.pages:
            raise ValueError("a structure element names a page that is not in the copy")
        return self.pages[value.idnum]

    def element(self, ref: IndirectObject, parent: IndirectObject) -> IndirectObject:
        """Copy the element `ref` and its subtree under `parent`; returns the new reference."""
        old = ref.get_object()
        new = DictionaryObject()
        new_ref = self.add(new)
        self.copied[ref.idnum] = new_ref
        for key, value in old.items():
            if key == "/P":
                new[key] = parent
            elif key == "/Pg":
                new[key] = self.page(value)
            elif key == "/K":
                kids = (self.kid(kid, new_ref) for kid in _kids(value))
                new[key] = ArrayObject(k for k in kids if k is not None)
            else:
                new[key] = _detached(value)
        return new_ref

    def kid(self, kid: object, parent: IndirectObject) -> object:
        """A copied kid: an MCID as is, a marked-content or object reference remapped."""
        obj = kid.get_object() if isinstance(kid, IndirectObject) else kid
        if not isinstance(obj, DictionaryObject):
            return obj  # an MCID
        kind = obj.get("/Type")
        if kind == "/OBJR":
            target = obj.raw_get("/Obj")
            if not isinstance(target, IndirectObject) or target.idnum not in self.annotations:
                return None  # an annotation the copy does not carry
            copied = DictionaryObject({NameObject("/Type"): NameObject("/OBJR")})
            copied[NameObject("/Obj")] = self.annotations[target.idnum]
            if "/Pg" in obj:
                copied[NameObject("/Pg")] = self.page(obj.raw_get("/Pg"))
            return copied
        if kind == "/MCR":
            if "/Stm" in obj:
                raise ValueError("marked content in a form XObject: not supported")
            copied = DictionaryObject({k: _detached(v) for k, v in obj.items() if k != "/Pg"})
            if "/Pg" in obj:
                copied[NameObject("/Pg")] = self.page(obj.raw_get("/Pg"))
            return copied
        if not isinstance(kid, IndirectObject):  # a direct element: give it an object of its own
            kid = self.add(DictionaryObject(obj))
        return self.element(kid, parent)

    def entry(self, raw: object, part: IndirectObject) -> object:
        """A parent-tree value remapped: an element, or an array of elements by MCID.

        Elements outside the tree (WeasyPrint's page margins) are copied too, under their
        copied parent or else `part`, and stay outside the tree as in the source.
        """
        if isinstance(raw, IndirectObject) and raw.idnum in self.copied:
            return self.copied[raw.idnum]
        value = raw.get_object() if isinstance(raw, IndirectObject) else raw
        if isinstance(value, ArrayObject):
            return ArrayObject(self.entry(item, part) for item in value)
        if isinstance(raw, IndirectObject) and _is_element(value):
            parent = value.raw_get("/P") if "/P" in value else None
            known = self.copied.get(parent.idnum) if isinstance(parent, IndirectObject) else None
            return self.element(raw, known or part)
        return NullObject()


def _leaf(entries: dict[int, object]) -> DictionaryObject:
    """A number tree leaf: /Limits and /Nums of `entries` in key order."""
    keys = sorted(entries)
    nums = ArrayObject()
    for key in keys:
        nums += [NumberObject(key), entries[key]]
    node = DictionaryObject({NameObject("/Nums"): nums})
    if keys:
        node[NameObject("/Limits")] = ArrayObject([NumberObject(keys[0]), NumberObject(keys[-1])])
    return node


def _number_tree(
    entries: dict[int, object], split: int, add: Callable[[DictionaryObject], IndirectObject]
) -> DictionaryObject:
    """A number tree of `entries`; keys below `split` in a leaf object of their own (first kid)."""
    if not split:
        return _leaf(entries)
    low = _leaf({k: v for k, v in entries.items() if k < split})
    high = _leaf({k: v for k, v in entries.items() if k >= split})
    return DictionaryObject({NameObject("/Kids"): ArrayObject([add(low), add(high)])})


def tag_copy(
    writer: PdfWriter,
    structure: Structure,
    sources: list[int],
    parts: list[tuple[str, int]],
    own_leaf: int = 0,
    role: str = "/Document",
) -> None:
    """Give `writer` the structure of its pages, which are `structure`'s pages `sources` in order.

    The new root holds one element (`role`) whose /K holds one element per part (`(role, page
    count)`, e.g. the personal pages then the handbook, each a /Part) with the top-level
    elements of their pages; one root element, as readers expect of PDF 1.7. Pages
    get /StructParents = their index, annotations keys from the page count on; the parent tree
    keeps keys below `own_leaf` in a leaf of their own (for `PageSwap`). /MarkInfo, /Lang,
    /RoleMap and /ClassMap come along.
    """
    reader = structure.reader
    if structure.root is None:
        raise ValueError("the source PDF is not tagged")
    if sum(count for _, count in parts) != len(sources) or len(writer.pages) != len(sources):
        raise ValueError("parts and pages do not match")
    pages = {
        reader.pages[src].indirect_reference.idnum: writer.pages[i].indirect_reference
        for i, src in enumerate(sources)
    }
    translated = writer._id_translated.get(id(reader), {})
    carried = {
        ref.idnum
        for page in writer.pages
        for ref in page.get("/Annots") or []
        if isinstance(ref, IndirectObject)
    }
    annotations = {
        old: IndirectObject(new, 0, writer)
        for old, new in translated.items()
        if isinstance(old, int) and new in carried
    }
    copier = _Copier(writer._add_object, pages, annotations)
    root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
    root_ref = writer._add_object(root)
    document = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/StructElem"),
            NameObject("/S"): NameObject(role),
            NameObject("/P"): root_ref,
        }
    )
    document_ref = writer._add_object(document)
    kids = ArrayObject()
    first = 0
    part_of: list[IndirectObject] = []
    for part_role, count in parts:
        part = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject(part_role),
                NameObject("/P"): document_ref,
            }
        )
        part_ref = writer._add_object(part)
        part[NameObject("/K")] = ArrayObject(
            copier.element(top, part_ref)
            for src in sources[first : first + count]
            for top in structure.page_tops(src)
        )
        kids.append(part_ref)
        part_of += [part_ref] * count
        first += count
    document[NameObject("/K")] = kids
    root[NameObject("/K")] = ArrayObject([document_ref])
    entries: dict[int, object] = {}
    for index, src in enumerate(sources):
        writer.pages[index][NameObject("/StructParents")] = NumberObject(index)
        entries[index] = copier.entry(ArrayObject(structure.page_entry(src)), part_of[index])
    reverse = {new.idnum: old for old, new in annotations.items()}
    next_key = len(sources)
    for page in writer.pages:
        for ref in page.get("/Annots") or []:
            annotation = ref.get_object()
            old = reverse.get(ref.idnum) if isinstance(ref, IndirectObject) else None
            key = reader.get_object(old).get("/StructParent") if old else None
            if key is None or int(key) not in structure.parents:
                if "/StructParent" in annotation:
                    del annotation["/StructParent"]
                continue
            annotation[NameObject("/StructParent")] = NumberObject(next_key)
            entries[next_key] = copier.entry(structure.parents[int(key)], document_ref)
            next_key += 1
    root[NameObject("/ParentTree")] = writer._add_object(
        _number_tree(entries, own_leaf, writer._add_object)
    )
    root[NameObject("/ParentTreeNextKey")] = NumberObject(next_key)
    for key in ("/RoleMap", "/ClassMap"):
        if key in structure.root:
            root[NameObject(key)] = _detached(structure.root.raw_get(key))
    catalog = writer._root_object
    catalog[NameObject("/StructTreeRoot")] = root_ref
    catalog[NameObject("/MarkInfo")] = DictionaryObject(
        {NameObject("/Marked"): BooleanObject(True)}
    )
    if "/Lang" not in catalog and structure.lang is not None:
        catalog[NameObject("/Lang")] = structure.lang


class PageSwap:
    """Copies of one PDF that differ only in the content of their first pages.

    When the PDF is tagged (built by `tag_copy` with `own_leaf=pages`), each copy also gets
    the structure of its new pages: their elements under the part that held the old ones, and
    the parent tree's first leaf (those pages' keys) rewritten; nothing else of the tree moves.
    """

    def __init__(self, pdf: bytes, pages: int = 1):
        reader = PdfReader(io.BytesIO(pdf))
        self.pdf = pdf
        self.size = int(reader.trailer["/Size"])
        self.startxref = reader._startxref
        self.pages = []
        for page in reader.pages[:pages]:
            plain = DictionaryObject({key: page.raw_get(key) for key in page})
            self.pages.append((page.indirect_reference.idnum, plain))
        self.trailer = {b"Root": _ref(reader.trailer.raw_get("/Root"))}
        if "/Info" in reader.trailer:
            self.trailer[b"Info"] = _ref(reader.trailer.raw_get("/Info"))
        if "/ID" in reader.trailer:
            self.trailer[b"ID"] = _serialise(reader.trailer["/ID"])
        self.tagged = self._find_structure(reader, pages)

    def _find_structure(self, reader: PdfReader, count: int) -> bool:
        """Note the part holding the swapped pages' elements and their parent-tree leaf."""
        root = reader.trailer["/Root"].get("/StructTreeRoot")
        if root is None:
            return False
        root = root.get_object()
        ids = {page_id for page_id, _ in self.pages}
        if any("/Annots" in plain for _, plain in self.pages):
            raise ValueError("pages swapped in a tagged PDF must carry no annotations")
        containers = [k for k in _kids(root.get("/K")) if _page_of(k) is None]
        containers += [k for c in containers for k in _kids(c.get_object().get("/K"))]
        for part in containers:
            if _page_of(part) is not None:
                continue
            kids = _kids(part.get_object().get("/K"))
            if kids and _page_of(kids[0]) in ids:  # the first pages' elements come first
                self.part_id = part.idnum
                self.part = DictionaryObject(part.get_object())
                self.kept = [kid for kid in kids if _page_of(kid) not in ids]
                break
        else:
            raise ValueError("no part of the structure tree holds the first pages")
        tree = root["/ParentTree"]
        leaf = tree.raw_get("/Kids")[0] if "/Kids" in tree else None
        limits = leaf.get_object().get("/Limits") if leaf is not None else None
        if limits is None or [int(x) for x in limits] != [0, count - 1]:
            raise ValueError("the parent tree has no leaf of its own for the first pages")
        self.leaf_id = leaf.idnum
        return True

    def with_first_page(self, content: bytes) -> bytes:
        """The PDF whose first page draws `content` (a decoded content stream) instead."""
        return self.with_pages([content])

    def with_pages(
        self, contents: list[bytes], source: tuple[Structure, list[int]] | None = None
    ) -> bytes:
        """The PDF whose first pages draw `contents` (decoded content streams), in order.

        A tagged PDF needs `source`: the tagged PDF and page indexes `contents` come from,
        whose structure comes along.
        """
        if self.tagged and source is None:
            raise ValueError("a tagged PDF needs the structure of the pages swapped in")
        out = io.BytesIO()
        out.write(self.pdf)
        if not self.pdf.endswith(b"\n"):
            out.write(b"\n")
        rows: dict[int, tuple[int, int, int]] = {}
        packed: list[tuple[int, bytes]] = []
        names: dict[str, bytes] = {}
        next_id = self.size
        for (page_id, plain), content in zip(self.pages, contents, strict=True):
            content_id, next_id = next_id, next_id + 1
            data = zlib.compress(content)
            rows[content_id] = (1, out.tell(), 0)
            out.write(
                b"%d 0 obj\n<< /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\nendobj\n"
                % (content_id, len(data), data)
            )
            page = DictionaryObject(plain)
            page[NameObject("/Contents")] = IndirectObject(content_id, 0, None)  # type: ignore[arg-type]
            packed.append((page_id, _fast(page, names)))
        if source is not None and self.tagged:
            objects, next_id = self._structure(source, next_id)
            packed += [(idnum, _fast(obj, names)) for idnum, obj in objects]
        _object_stream(out, packed, next_id, rows)
        xref_id = next_id + 1
        trailer = {b"Size": b"%d" % (xref_id + 1), **self.trailer, b"Prev": b"%d" % self.startxref}
        xref_at = out.tell()
        rows[xref_id] = (1, xref_at, 0)
        out.write(_xref_stream(rows, trailer, xref_id))
        out.write(b"startxref\n%d\n%%%%EOF\n" % xref_at)
        return out.getvalue()

    def _structure(
        self, source: tuple[Structure, list[int]], next_id: int
    ) -> tuple[list[tuple[int, DictionaryObject]], int]:
        """New objects (id, object) for the swapped pages' structure, and the next free id."""
        structure, indexes = source
        objects: list[tuple[int, DictionaryObject]] = []

        def add(obj: DictionaryObject) -> IndirectObject:
            nonlocal next_id
            objects.append((next_id, obj))
            next_id += 1
            return IndirectObject(next_id - 1, 0, None)  # type: ignore[arg-type]

        pages = {
            structure.reader.pages[index].indirect_reference.idnum: IndirectObject(page_id, 0, None)  # type: ignore[arg-type]
            for index, (page_id, _) in zip(indexes, self.pages, strict=True)
        }
        copier = _Copier(add, pages, {})
        part_ref = IndirectObject(self.part_id, 0, None)  # type: ignore[arg-type]
        tops = [copier.element(top, part_ref) for i in indexes for top in structure.page_tops(i)]
        part = DictionaryObject(self.part)
        part[NameObject("/K")] = ArrayObject([*tops, *self.kept])
        entries = {
            key: copier.entry(ArrayObject(structure.page_entry(index)), part_ref)
            for key, index in enumerate(indexes)
        }
        objects += [(self.part_id, part), (self.leaf_id, _leaf(entries))]
        return objects, next_id


def _page_of(kid: object) -> int | None:
    """The object number of the page a struct element names (/Pg), if any."""
    obj = kid.get_object() if isinstance(kid, IndirectObject) else kid
    page = obj.raw_get("/Pg") if isinstance(obj, DictionaryObject) and "/Pg" in obj else None
    return page.idnum if isinstance(page, IndirectObject) else None


@contextmanager
def indexed_page_references() -> Iterator[None]:
    """While active, pydyf's `PDF.page_references` is built once per page count, not per call.

    WeasyPrint 70 reads `pdf.page_references[n]` for every struct element it tags, and pydyf
    rebuilds the whole tuple each time: quadratic in pages (seconds for the ~500 pages of the
    personal copies' combined document).
    """
    plain = pydyf.PDF.page_references
    built: dict[int, tuple[int, tuple[bytes, ...]]] = {}

    def page_references(pdf: pydyf.PDF) -> tuple[bytes, ...]:
        count = len(pdf.pages["Kids"])  # pages are only ever added (`add_page`)
        known = built.get(id(pdf))
        if known is None or known[0] != count:
            known = built[id(pdf)] = (count, plain.fget(pdf))
        return known[1]

    pydyf.PDF.page_references = property(page_references)
    try:
        yield
    finally:
        pydyf.PDF.page_references = plain


def page_content(reader: PdfReader, index: int) -> bytes:
    """The decoded content stream(s) of a page, joined."""
    contents = reader.pages[index].get_contents()
    return contents.get_data() if contents is not None else b""


def same_resources(reader: PdfReader, pages: Iterable[int]) -> bool:
    """Whether the pages use identical resource dictionaries (so content can move between them)."""
    serialised = {_serialise(reader.pages[i].raw_get("/Resources")) for i in pages}
    return len(serialised) == 1
