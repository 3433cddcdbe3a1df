"""The PDF's tables get fixed column widths worked out from their text (reporting/print_layout):
each column at least as wide as its longest word when the page has room, the page shared in
proportion to the text, irregular tables left to the automatic layout, the screen HTML as it was."""

from __future__ import annotations

import re

import nbformat

from tenderkit.reporting.export import notebook_html
from tenderkit.reporting.html import table
from tenderkit.reporting.print_layout import (
    _PAGE_PX,
    _cell_widths,
    column_widths,
    with_column_widths,
)


def _inner(markup) -> str:
    return re.fullmatch(r'<table class="tk-table">(.*)</table>', str(markup), re.S).group(1)


def test_widths_fill_the_page_and_follow_the_text():
    inner = _inner(table(["#", "Explanation"], [["1", "a long explanation " * 20]]))
    widths = column_widths(inner)
    assert abs(sum(widths) - 100) < 1e-6
    assert widths[1] > 4 * widths[0]


def test_every_column_gets_at_least_its_longest_word():
    word = "Verwerkersovereenkomstbepalingen"
    rows = [["x " * 200, word, "y " * 200]]
    widths = column_widths(_inner(table(["A", "B", "C"], rows)))
    lowest, _ = _cell_widths(word, 1.0)
    assert widths[1] / 100 * _PAGE_PX >= lowest


def test_code_is_one_unbreakable_piece():
    low, _ = _cell_widths('gap <small class="code">no assurance here</small>', 1.0)
    alone, _ = _cell_widths("gap", 1.0)
    assert low > alone


def test_a_table_with_spanning_or_missing_cells_is_left_alone():
    irregular = '<table class="tk-table"><tr><th>a</th><th>b</th></tr><tr><td>1</td></tr></table>'
    spanning = '<table class="tk-table"><tr><td colspan="2">a</td></tr></table>'
    assert with_column_widths(irregular) == irregular
    assert with_column_widths(spanning) == spanning


def test_only_the_print_variant_gets_column_widths():
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell()
    markup = str(table(["Bidder", "Points"], [["Civora NV", "40,20"]]))
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": markup})]
    notebook.cells.append(cell)
    assert "<colgroup>" not in notebook_html(notebook, "t", "en")
    printed = notebook_html(notebook, "t", "en", print_only=True)
    assert printed.count('<col style="width:') == 2


def test_the_print_variant_has_no_screen_wrappers_or_code_styles():
    notebook = nbformat.v4.new_notebook()
    empty = nbformat.v4.new_code_cell()
    cell = nbformat.v4.new_code_cell()
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": "<p>shown</p>"})]
    notebook.cells.extend([empty, cell])
    screen = notebook_html(notebook, "t", "en")
    printed = notebook_html(notebook, "t", "en", print_only=True)
    assert "jp-OutputArea-child" in screen and ".highlight" in screen
    assert 'class="jp-OutputArea-child"' not in printed and "jp-Collapser" not in printed
    assert ".highlight" not in printed
    assert printed.count('<div class="jp-Cell">') == 1 and "<p>shown</p>" in printed


def test_a_bidders_unbroken_string_does_not_squeeze_the_other_columns():
    """One 300-character 'word' (a URL, a hash) must not take the page from the columns beside
    it: they keep their longest word, and the long one is broken inside its cell."""
    hostile = "https://example.org/" + "a1b2c3d4" * 35
    word = "Verwerkersovereenkomst"
    widths = column_widths(_inner(table(["A", "B"], [[word, hostile]])))
    lowest, _ = _cell_widths(word, 1.0)
    assert widths[0] / 100 * _PAGE_PX >= lowest
    assert widths[1] < 100


def test_cells_wrap_long_words_only_where_they_overflow():
    """`word-break: break-word` (overflow-wrap: anywhere) lets the browser shrink a column below
    its longest word and break every word in it; `overflow-wrap: break-word` does not."""
    from importlib.resources import files

    template = (files("tenderkit.reporting") / "templates/tenderkit/index.html.j2").read_text()
    rules = re.findall(r"table\.tk-table td \{([^}]*)\}", template)
    assert any("overflow-wrap: break-word" in rule for rule in rules)
    assert not any("word-break" in rule or "anywhere" in rule for rule in rules)


def test_a_no_break_space_joins_its_words():
    """Money and periods are written with a no-break space (`€ 497.500,00`): the column must be
    wide enough for the whole, or the amount is split over two lines."""
    joined, _ = _cell_widths("€\u00a0497.500,00", 1.0)
    alone, _ = _cell_widths("497.500,00", 1.0)
    assert joined > alone


def test_only_a_table_too_narrow_for_its_words_may_hyphenate():
    wide = str(table(["A", "B"], [["kort", "ook kort"]]))
    crowded = str(table([f"K{i}" for i in range(12)], [["Verwerkersovereenkomst"] * 12]))
    assert 'class="tk-table tk-tight"' not in with_column_widths(wide)
    assert 'class="tk-table tk-tight"' in with_column_widths(crowded)
