"""The bidder's Excel form: write it for a requirement set, read a filled one back into a Bid.

`template.write_template` writes the form, `reader.read_bid` reads a filled form (untrusted:
macros, formulas, zip bombs and external links are refused), `fill.fill_form` fills a form from a
Bid (for tests, demos and benchmarks).
"""
