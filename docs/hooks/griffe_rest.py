r"""Griffe extension: read the package's reST habits in otherwise Google-style docstrings as Markdown.

The docstrings are Google style (sections ``Args:``, ``Returns:``, ``Raises:``) but refer to other objects
with Sphinx roles (``:func:`load```, ``:class:`~indojp_data.models.Dataset```) and end a paragraph with
``::`` before a code block. mkdocstrings renders docstrings as Markdown, where those would show as typed.
Before rendering, this extension turns

* each role into a cross-reference to the object, resolved in the docstring's scope: a link when the
  object is documented on some page, plain code otherwise (an *optional* autorefs reference, so an object
  left out of the reference never fails a strict build);
* a paragraph-ending ``::`` into ``:`` (the indented block after it is a code block in Markdown too);
* griffe-pydantic's list of a model's validators into the public ones only (ours are all private);
* a ``[`` opening a line in the shape of a link definition into ``\[``, so that text such as
  ``[row-changed]: patch`` stays text instead of becoming a Markdown link definition.

It changes only what the site shows, never the source.
"""

from __future__ import annotations

import html
import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:func|class|meth|attr|mod|data|exc|obj|const):`(?P<tilde>~?)(?P<target>[\w.]+)`")
LITERAL_MARKER = re.compile(r"(?<=\S)::$", re.MULTILINE)
LINE_BRACKET = re.compile(r"^(?P<indent>[ \t]*)\[(?=[^\]\n]+\]:\s)", re.MULTILINE)


def _resolve(obj: griffe.Object, target: str) -> str:
    """Return the full path of ``target`` as seen from ``obj``; the target itself when it cannot be resolved."""
    head, _, rest = target.partition(".")
    if head == obj.module.package.name:
        return target
    for scope in (obj, obj.module):
        try:
            resolved = scope.resolve(head)
        except (griffe.NameResolutionError, AttributeError, KeyError):
            continue
        return f"{resolved}.{rest}" if rest else resolved
    return target


def _reference(obj: griffe.Object, match: re.Match[str]) -> str:
    target = match["target"]
    shown = target.rsplit(".", 1)[-1] if match["tilde"] else target
    identifier = html.escape(_resolve(obj, target), quote=True)
    return f'<autoref identifier="{identifier}" optional><code>{html.escape(shown)}</code></autoref>'


def markdown_docstring(obj: griffe.Object, text: str) -> str:
    """Return ``text``, the docstring of ``obj``, with the reST habits turned into Markdown."""
    text = ROLE.sub(lambda match: _reference(obj, match), text)
    text = LITERAL_MARKER.sub(":", text)
    return LINE_BRACKET.sub(lambda match: match["indent"] + "\\[", text)


class ReSTHabits(griffe.Extension):
    """Rewrite every docstring of the loaded package once it is fully loaded (so names resolve)."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        """Walk the package and rewrite each docstring in place."""
        self._walk(pkg, set())

    def _walk(self, obj: griffe.Object, seen: set[str]) -> None:
        if obj.path in seen:
            return
        seen.add(obj.path)
        if obj.docstring is not None:
            obj.docstring.value = markdown_docstring(obj, obj.docstring.value)
        pydantic = obj.extra.get("griffe_pydantic", {})
        if callable(pydantic.get("validators")):
            # griffe-pydantic lists a model's validators; ours are private (``_records_agree``): leave them out.
            every = pydantic["validators"]
            pydantic["validators"] = lambda: {k: v for k, v in every().items() if not k.startswith("_")}
        for member in obj.members.values():
            if not member.is_alias:
                self._walk(member, seen)  # type: ignore[arg-type]
