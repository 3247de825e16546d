"""Reading a tagged PDF's structure tree back with pypdf, for the print tests."""

from __future__ import annotations

import re

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

MCID = re.compile(rb"/MCID\s+(\d+)")


def number_tree(node: object) -> dict[int, object]:
    """A number tree flattened (leaves and kids alike): key -> value."""
    node = node.get_object()  # type: ignore[attr-defined]
    found: dict[int, object] = {}
    pairs = node.get("/Nums") or []
    for index in range(0, len(pairs), 2):
        key = int(pairs[index])
        assert key not in found, f"parent tree key {key} twice"
        found[key] = pairs[index + 1]
    for kid in node.get("/Kids") or []:
        found.update(number_tree(kid))
    return found


def kids(element: DictionaryObject) -> list[object]:
    value = element.get("/K")
    if value is None:
        return []
    return list(value) if isinstance(value, ArrayObject) else [value]


def elements(start: object) -> list[IndirectObject]:
    """Every struct element reachable from `start` (the root or an element), `start` excluded."""
    found: list[IndirectObject] = []
    stack = [k for k in kids(start.get_object()) if isinstance(k, IndirectObject)]  # type: ignore[attr-defined]
    while stack:
        ref = stack.pop()
        element = ref.get_object()
        if element.get("/Type", "/StructElem") != "/StructElem":
            continue
        found.append(ref)
        stack += [k for k in kids(element) if isinstance(k, IndirectObject)]
    return found


def page_of(ref: IndirectObject) -> int | None:
    """Object number of the page an element names (/Pg)."""
    element = ref.get_object()
    return element.raw_get("/Pg").idnum if "/Pg" in element else None


def structure_problems(reader: PdfReader) -> list[str]:
    """What is wrong with the structure tree: each marked content and annotation must lead,
    through the parent tree, to an element on its page that holds it; every /Pg must be a page
    of the file; every parent-tree key must be used once."""
    problems = []
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    tree = number_tree(root["/ParentTree"])
    pages = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}
    for ref in elements(root):
        if page_of(ref) is not None and page_of(ref) not in pages:
            problems.append(f"element {ref.idnum} names object {page_of(ref)}, not a page")
    used: list[int] = []
    for index, page in enumerate(reader.pages):
        key = int(page["/StructParents"])
        used.append(key)
        entry = tree.get(key)
        contents = page.get_contents()
        for mcid in map(int, MCID.findall(contents.get_data() if contents else b"")):
            element = entry.get_object()[mcid] if entry is not None else None
            if element is None or element.get_object() is None:
                problems.append(f"page {index}: MCID {mcid} has no element")
                continue
            holds = [int(k) for k in kids(element.get_object()) if isinstance(k, int)]
            if mcid not in holds or page_of(element) != page.indirect_reference.idnum:
                problems.append(f"page {index}: MCID {mcid} leads to an element that lacks it")
        for annotation in page.get("/Annots") or []:
            if "/StructParent" not in annotation.get_object():
                continue
            key = int(annotation.get_object()["/StructParent"])
            used.append(key)
            owner = tree.get(key)
            refs = []
            for kid in kids(owner.get_object()) if owner is not None else []:
                obj = kid.get_object()
                if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/OBJR":
                    refs.append(obj.raw_get("/Obj").idnum)
            if annotation.idnum not in refs:
                problems.append(f"page {index}: annotation {annotation.idnum} not in its element")
    if len(used) != len(set(used)):
        problems.append("a parent-tree key serves two pages or annotations")
    if set(used) - set(tree):
        problems.append(f"keys missing from the parent tree: {sorted(set(used) - set(tree))}")
    return problems
