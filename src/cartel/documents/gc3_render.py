"""Render a document template to PDF with WeasyPrint, with fonts that carry Cyrillic and Latin (DejaVu)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

PDF_CSS = """
@page { size: A4; margin: 18mm 16mm; @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; } }
body { font-family: "DejaVu Sans", "Liberation Sans", sans-serif; font-size: 10pt; color: #111; }
h1 { font-size: 14pt; margin: 0 0 2mm; } h2 { font-size: 11pt; margin: 5mm 0 2mm; }
.sub { color: #444; font-size: 9pt; margin: 0 0 4mm; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.4pt solid #888; padding: 1.6mm 2mm; text-align: left; vertical-align: top; }
th { width: 42%; background: #f1f1f1; font-weight: normal; }
.label-2 { display: block; color: #555; font-size: 8pt; }
.uncertain { color: #8a5a00; font-size: 7.5pt; }
.note { font-size: 8pt; color: #444; margin-top: 4mm; }
.letter p { line-height: 1.5; margin: 0 0 3mm; }
.sign { margin-top: 14mm; }
"""


def render_pdf(template: str, context: dict[str, Any], *, language: str = "en") -> bytes:
    """Render `template` with `context` in `language` and return the PDF bytes."""
    from weasyprint import CSS, HTML

    with translation.override(language):
        html = render_to_string(template, {**context, "language": language})
    return HTML(string=html, base_url=None).write_pdf(stylesheets=[CSS(string=PDF_CSS)])  # type: ignore[no-any-return]
