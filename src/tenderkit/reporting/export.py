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

TEMPLATES = Path(__file__).parent / "templates"


def notebook_html(
    notebook: nbformat.NotebookNode, title: str, language: str = "nl", print_only: bool = False
) -> str:
    """Standalone HTML of an executed notebook: outputs only, no code, no external scripts.

    `print_only` gives the HTML for the PDF: the same content with a lean print stylesheet in
    place of JupyterLab's screen CSS (a quarter megabyte WeasyPrint would match for nothing).
    """
    notebook = nbformat.from_dict(notebook)
    notebook.metadata["title"] = title
    resources = {"language_code": language, "print_only": print_only}
    html, _ = _exporter().from_notebook_node(notebook, resources=resources)
    return html


@cache
def _exporter() -> HTMLExporter:
    """One exporter for every page of a process: building one loads and compiles the template."""
    return HTMLExporter(
        template_name="tenderkit",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_markdown=True,
        embed_images=True,
    )


def html_to_pdf(html: str, base_url: str | None = None) -> bytes:
    """Render HTML to PDF bytes with WeasyPrint (A4, the template's print styles)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()
