"""Statements as HTML, rendered on the server: Markdown with tables and code, math as MathML, no raw HTML.

markdown-it-py with `html` off, so that whatever an author (or a problem directory from elsewhere) writes as
HTML shows as text; `$…$` and `$$…$$` become MathML (latex2mathml), which every current browser draws
with no script or font download. A formula that does not parse is shown as its source, in code.
"""

from __future__ import annotations

import html
from xml.etree import ElementTree
from functools import lru_cache
from typing import Any

from latex2mathml.converter import convert
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin


# What MathML may keep: presentation elements and attributes that only change how it looks. latex2mathml
# copies `\text{<img …>}` through as markup and `\href{javascript:…}` as an attribute, so its output is
# parsed and rebuilt from these alone.
_TAGS = frozenset(
    "math mrow mi mn mo ms mtext mspace msub msup msubsup mfrac msqrt mroot mover munder munderover mtable mtr "
    "mtd mstyle mpadded mphantom menclose merror semantics annotation".split()
)
_ATTRIBUTES = frozenset(
    "display mathvariant stretchy fence separator lspace rspace accent accentunder linethickness columnalign "
    "rowalign columnspacing rowspacing displaystyle scriptlevel notation width height depth movablelimits "
    "largeop symmetric minsize maxsize form".split()
)
_MATHML = "{http://www.w3.org/1998/Math/MathML}"


def _clean(element: ElementTree.Element) -> str:
    tag = element.tag.removeprefix(_MATHML)
    if tag not in _TAGS:
        raise ValueError(f"MathML element {tag!r} is not allowed")
    attributes = "".join(
        f' {name}="{html.escape(value)}"'
        for name, value in sorted(element.attrib.items())
        if name in _ATTRIBUTES and "javascript" not in value.lower()
    )
    if tag == "math":
        attributes = ' xmlns="http://www.w3.org/1998/Math/MathML"' + attributes
    inner = html.escape(element.text or "") + "".join(
        _clean(child) + html.escape(child.tail or "") for child in element
    )
    return f"<{tag}{attributes}>{inner}</{tag}>"


def _math(latex: str, options: dict[str, Any]) -> str:
    try:
        mathml = convert(latex, display="block" if options.get("display_mode") else "inline")
        return _clean(ElementTree.fromstring(mathml))
    except Exception:  # noqa: BLE001 - any fault of the formula, or markup it must not carry: show what was written
        return f"<code>{html.escape(latex)}</code>"


_md = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    .enable("table")
    .enable("strikethrough")
    .use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True, renderer=_math)
)


@lru_cache(maxsize=256)
def to_html(text: str) -> str:
    """The Markdown as HTML (cached: a statement is rendered once per version and process)."""
    return _md.render(text)
