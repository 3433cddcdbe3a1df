"""The award report's Excel workbook, under the name callers have always imported it by.

The workbook itself lives in `tenderkit.render.workbook` (one module per sheet group); this
module keeps `tenderkit.render.excel.write_workbook` and `workbook_bytes` importable.
"""

from __future__ import annotations

from tenderkit.render.workbook import workbook_bytes, write_workbook
from tenderkit.safe_xlsx import SAFE_OPTIONS as WORKBOOK_OPTIONS

__all__ = ["WORKBOOK_OPTIONS", "workbook_bytes", "write_workbook"]
