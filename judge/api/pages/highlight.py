"""Sources highlighted on the server (Pygments, which rich already brings): classes only, no script, escaped."""

from __future__ import annotations

from pygments import highlight as _highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer, SqlLexer, TextLexer
from markupsafe import Markup

_LEXERS = {"python": PythonLexer, "sql": SqlLexer}
_FORMATTER = HtmlFormatter(nowrap=True, classprefix="hl-")


def source(text: str, language: str) -> Markup:
    """The source as HTML spans inside the caller's <pre><code>; every character of it escaped."""
    lexer = _LEXERS.get(language, TextLexer)(stripnl=False, ensurenl=False)
    return Markup(_highlight(text, lexer, _FORMATTER))


def stylesheet() -> str:
    """The colours of those classes, light and dark: what static/highlight.css holds (write it again with
    `python -c "from judge.api.pages.highlight import stylesheet; print(stylesheet(), end='')"` after a Pygments
    upgrade)."""
    light = HtmlFormatter(classprefix="hl-", style="default").get_style_defs("pre.source")
    dark = HtmlFormatter(classprefix="hl-", style="monokai").get_style_defs("pre.source")
    return f"{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"
