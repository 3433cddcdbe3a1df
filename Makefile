# Two commands do all set-up on a fresh machine: `make report` and `make test`.
VENV    ?= .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed-stamp
OUT     ?= out
SYSTEM_PYTHON ?= python3

.PHONY: report test lint system-deps browser-deps ocr-deps office-deps clean

# Debian libraries WeasyPrint needs to render the PDF report (pango, fonts); installed when missing.
system-deps:
	@if ! ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0; then \
	  echo "installing pango and fonts for PDF output"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core >/dev/null; \
	fi

# Debian's Chromium for the workshop's browser tests (Playwright drives it; it never downloads one).
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "installing chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    chromium >/dev/null; \
	fi

# Debian's tesseract with Dutch and English data, for `tenderkit intake` on scanned PDFs (no download
# at run time: the language data comes with these packages).
ocr-deps:
	@if ! command -v tesseract >/dev/null 2>&1 \
	    || [ ! -f /usr/share/tesseract-ocr/5/tessdata/nld.traineddata ] \
	    || [ ! -f /usr/share/tesseract-ocr/5/tessdata/eng.traineddata ]; then \
	  echo "installing tesseract with Dutch and English data for scanned reports"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    tesseract-ocr tesseract-ocr-nld tesseract-ocr-eng >/dev/null; \
	fi

# LibreOffice Calc without a GUI, for the tests that print the workbook and the bidder's form to PDF
# and recalculate the workbook's price formulas as an auditor's spreadsheet would.
office-deps:
	@if ! command -v soffice >/dev/null 2>&1; then \
	  echo "installing LibreOffice Calc for the workbook print and recalculation tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    libreoffice-calc-nogui >/dev/null; \
	fi

$(STAMP): pyproject.toml
	$(SYSTEM_PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	$(PY) -m ipykernel install --sys-prefix --name tenderkit --display-name "tenderkit" >/dev/null
	touch $(STAMP)

report: $(STAMP) system-deps
	@$(VENV)/bin/tenderkit report -o $(OUT)/gemeente-zaaksysteem --force

test: $(STAMP) system-deps browser-deps ocr-deps office-deps
	$(PY) -m pytest -q -p no:cacheprovider

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .hypothesis
