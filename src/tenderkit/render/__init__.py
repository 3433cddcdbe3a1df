"""Renderers: turn a Result into what people read (letters, reports, workbooks)."""
