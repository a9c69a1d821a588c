"""Allow-list cleaner for the SVG that MathJax produces: nothing in it may act or load."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_XLINK_HREF = f"{{{XLINK_NS}}}href"

# Presentation elements MathJax's SVG output uses; anything else (a, script, foreignObject,
# image, animate, set, use of external files...) is dropped or unwrapped.
_ELEMENTS = {"svg", "g", "path", "use", "rect", "line", "polyline", "polygon", "defs", "title", "text", "tspan",
             "circle", "ellipse", "symbol"}
# Elements whose children are kept when the element itself goes (a link around part of a formula).
_UNWRAP = {"a", "switch"}
_ATTRIBUTES = {
    "id", "d", "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx", "ry", "width", "height", "viewBox",
    "transform", "fill", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-dasharray",
    "stroke-miterlimit", "stroke-opacity", "fill-opacity", "opacity", "points", "font-size", "font-family",
    "font-style", "font-weight", "text-anchor", "dominant-baseline", "role", "focusable", "aria-hidden",
    "aria-label", "preserveAspectRatio", "data-c", "data-mml-node", "data-mjx-error", "style",
    "fill-rule", "overflow", "visibility",
}
_SAFE_STYLE = re.compile(r"^[\w\s:;.,%#()\-]*$")
_COLOR = re.compile(r"^(?:#[0-9a-fA-F]{3,8}|[a-zA-Z]+|currentColor|none|rgba?\([\d\s.,%]+\))$")


def _safe_style(value: str) -> bool:
    lowered = value.lower()
    return bool(_SAFE_STYLE.match(value)) and "url(" not in lowered and "expression" not in lowered \
        and "@import" not in lowered and "\\" not in value


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _clean_attributes(el: ET.Element, id_prefix: str) -> None:
    for name in list(el.attrib):
        value = el.attrib[name]
        local = _local(name)
        keep = True
        if name == _XLINK_HREF or local == "href":
            keep = value.startswith("#")
            if keep:
                el.attrib.pop(name)
                el.set(_XLINK_HREF, "#" + id_prefix + value[1:])
            else:
                el.attrib.pop(name)
            continue
        if name.startswith("{") or local not in _ATTRIBUTES or local.lower().startswith("on"):
            keep = False
        elif local == "style":
            keep = _safe_style(value)
        elif local in ("fill", "stroke"):
            keep = bool(_COLOR.match(value))
        elif "url(" in value.lower() or "javascript:" in value.lower():
            keep = False
        if not keep:
            el.attrib.pop(name)
        elif local == "id":
            el.set("id", id_prefix + value)


def _clean_children(parent: ET.Element, id_prefix: str) -> None:
    index = 0
    while index < len(parent):
        child = parent[index]
        name = _local(child.tag)
        if name in _UNWRAP:
            _clean_children(child, id_prefix)
            grandchildren = list(child)
            parent.remove(child)
            for offset, grandchild in enumerate(grandchildren):
                parent.insert(index + offset, grandchild)
            index += len(grandchildren)
            continue
        if name not in _ELEMENTS:
            parent.remove(child)
            continue
        _clean_attributes(child, id_prefix)
        _clean_children(child, id_prefix)
        index += 1


def clean_svg(svg: str, id_prefix: str) -> str:
    """Return `svg` keeping only inert drawing elements and attributes, ids prefixed with `id_prefix`.

    Links (`<a>`) are unwrapped, every `href` except local `#id` references is removed,
    as are event handlers, scripts, foreignObject, external references and `url()` styles.
    Raises ValueError when the input is not a single well-formed `<svg>` element.
    """
    try:
        root = ET.fromstring(svg)
    except ET.ParseError as exc:
        raise ValueError(f"not well-formed SVG: {exc}") from exc
    if _local(root.tag) != "svg":
        raise ValueError("not an <svg> element")
    _clean_attributes(root, id_prefix)
    _clean_children(root, id_prefix)
    for el in root.iter():
        el.tag = _local(el.tag)
    root.set("xmlns", SVG_NS)
    root.set("xmlns:xlink", XLINK_NS)
    for el in root.iter():
        if _XLINK_HREF in el.attrib:
            el.set("xlink:href", el.attrib.pop(_XLINK_HREF))
    return ET.tostring(root, encoding="unicode", short_empty_elements=True)
