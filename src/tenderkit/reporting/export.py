"""Exporting an executed notebook: HTML without code, readable offline; PDF for the dossier.

The HTML uses tenderkit's own nbconvert template (the lab template without any script fetched
from a CDN), hides code and prompts, and leaves markdown (developer notes) out. Images are
embedded as data URIs by the notebook's PNG outputs. The PDF is rendered from that HTML with
WeasyPrint, which needs no browser download.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from tenderkit.reporting.print_layout import with_column_widths

TEMPLATES = Path(__file__).parent / "templates"


def notebook_html(
    notebook: nbformat.NotebookNode, title: str, language: str = "nl", print_only: bool = False
) -> str:
    """Standalone HTML of an executed notebook: outputs only, no code, no external scripts.

    `print_only` gives the HTML for the PDF: the same content with a lean print stylesheet in
    place of JupyterLab's screen CSS (a quarter megabyte WeasyPrint would match for nothing),
    and tables of fixed layout with their column widths given (see print_layout).
    """
    notebook = nbformat.from_dict(notebook)
    notebook.metadata["title"] = title
    resources = {"print_only": print_only}
    html, _ = _exporter(language).from_notebook_node(notebook, resources=resources)
    return with_column_widths(html) if print_only else html


@cache
def _exporter(language: str) -> HTMLExporter:
    """One exporter per language for every page of a process: building one loads and compiles
    the template. The language is the exporter's `language_code` (nbconvert writes it into
    `<html lang>`, overriding any resource of that name), so a Dutch report says `lang="nl"`
    and screen readers and hyphenation read it as Dutch."""
    return HTMLExporter(
        language_code=language,
        template_name="tenderkit",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_markdown=True,
        embed_images=True,
    )


def html_to_pdf(html: str, base_url: str | None = None) -> bytes:
    """Render HTML to PDF bytes with WeasyPrint (A4, the template's print styles).

    The PDF is tagged as PDF/UA-1 (WeasyPrint's `pdf/ua-1` variant: a structure tree, /MarkInfo
    Marked, the document language from `<html lang>` and the title from `<title>`, shown as the
    window title), because Dutch public bodies must publish accessible documents.
    """
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1")
