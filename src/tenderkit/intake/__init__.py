"""Read an assurance report or certificate PDF into a bid's assurance entry, citing pages.

`read_report(path)` returns an `Intake`: the entry's values, for each the pages and words it was
read from (`found`), and what the reviewer must establish (`confirm`). It never invents a value;
see docs/intake.md for what it reads and how it decides.
"""

from tenderkit.intake.report import Intake, read_report
from tenderkit.intake.safety import Refused

__all__ = ["Intake", "Refused", "read_report"]
