"""The award report: the notebook view of a Result, its HTML/PDF export, `tenderkit report`."""
