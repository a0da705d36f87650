# GoalSheet: `make demo` runs the main job on samples/, `make test` runs every test.
SWIFT ?= swift
# Release builds without dynamic exclusivity checks and optimized across modules (see Package.swift).
export GOALSHEET_RELEASE_TUNING ?= 1
BIN := .build/release/goalsheet

.PHONY: format lint docs-pictures setup build test test-hostile fuzz sanitize demo bench clean

# Installs what the system lacks: libxml2 and zlib headers, and pkg-config to find them.
setup:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists libxml-2.0 zlib; then \
		echo "make setup: installing libxml2-dev zlib1g-dev pkg-config"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y libxml2-dev zlib1g-dev pkg-config; \
	fi

build: setup
	$(SWIFT) build -c release --product goalsheet

# Every import declared in Package.swift, the unit tests, then the hostile-input suite's light cases (and a
# run killed midway) on the debug build.
test: setup
	python3 .ci/check-imports.py
	$(SWIFT) test
	$(SWIFT) build --product goalsheet
	python3 Tests/Hostile/hostile.py --bin .build/debug/goalsheet --light

# Formatting (.swift-format: 4 spaces, 120 columns) and the checks CI runs before the tests.
SWIFT_SOURCES = Sources Tests Fuzz Benchmarks Package.swift
format:
	$(SWIFT) format -i -r $(SWIFT_SOURCES)

lint:
	$(SWIFT) format lint --strict -r $(SWIFT_SOURCES)
	python3 .ci/check-imports.py

# Every hostile case, the heavy ones too, on the release build: exit status, message, time and peak memory.
test-hostile: build
	python3 Tests/Hostile/hostile.py --bin $(BIN)

# libFuzzer over the ZIP layer, worksheets, shared strings, styles, CSV and the value parsers (FUZZ_SECONDS each).
fuzz: setup
	./Fuzz/run.sh

# The whole test suite under AddressSanitizer (swiftc on Linux has no -sanitize=undefined; Swift's own
# overflow, bounds and exclusivity checks are on in this debug build, and the C target gets UBSan).
sanitize: setup
	LSAN_OPTIONS=suppressions=$(CURDIR)/Fuzz/lsan.supp $(SWIFT) test --sanitize=address -Xcc -fsanitize=undefined -Xlinker -lubsan --build-path .build/sanitize

demo: build
	@echo "== goalsheet cat samples/nexbridge_company_okr.xlsx"
	$(BIN) cat samples/nexbridge_company_okr.xlsx
	@echo
	@echo "== goalsheet cat --format json samples/nexbridge_company_okr.xlsx (typed values)"
	$(BIN) cat --format json samples/nexbridge_company_okr.xlsx
	@echo
	@echo "== goalsheet cat --format tsv samples/sales_dept_goals_sjis.csv (Shift_JIS CSV)"
	$(BIN) cat --format tsv samples/sales_dept_goals_sjis.csv
	@echo
	@echo "== goalsheet normalize: the company's sheets and three departments' legacy sheets -> demo-out/goals.csv"
	$(BIN) normalize --company samples/nexbridge_company_okr.xlsx --company samples/nexbridge_kpi_tree.xlsx samples --out demo-out
	@echo
	@echo "== goalsheet analyze: gaps and alignment as of 2025-12-31 -> demo-out/ (annotated workbooks in demo-out/annotated/)"
	$(BIN) analyze --company samples/nexbridge_company_okr.xlsx --company samples/nexbridge_kpi_tree.xlsx samples --as-of 2025-12-31 --out demo-out
	@echo
	@echo "== goalsheet init + run: the quarterly batch from a run file (demo-batch/: 全社/ and one folder per department)"
	rm -rf demo-batch && mkdir -p demo-batch/全社 demo-batch/CS部 demo-batch/開発部 demo-batch/営業部
	cp samples/nexbridge_company_okr.xlsx samples/nexbridge_kpi_tree.xlsx demo-batch/全社/
	cp samples/cs_kpi_fy2025.xlsx demo-batch/CS部/ && cp samples/dev_okr_2025h2.xlsx demo-batch/開発部/
	cp samples/sales_dept_goals_sjis.csv demo-batch/営業部/
	$(BIN) init demo-batch
	$(BIN) run demo-batch/goalsheet.yml --as-of 2025-12-31 --quiet
	@echo "== demo-batch/goalsheet-out/manifest.json (inputs with SHA-256, outputs)"
	head -c 1200 demo-batch/goalsheet-out/manifest.json; echo

# The README's pictures: demo-out's summary.xlsx and CS部's annotated workbook, printed by LibreOffice
# (needs soffice, pdftoppm and a Japanese font such as fonts-ipafont-gothic).
docs-pictures: demo
	rm -rf .build/docs-pictures && mkdir -p .build/docs-pictures
	cp demo-out/summary.xlsx demo-out/annotated/cs_kpi_fy2025.annotated.xlsx .build/docs-pictures/
	cd .build/docs-pictures && HOME=$$PWD soffice --headless --convert-to pdf summary.xlsx cs_kpi_fy2025.annotated.xlsx >/dev/null
	pdftoppm -png -r 100 -singlefile -f 1 -l 1 .build/docs-pictures/summary.pdf docs/summary-departments
	pdftoppm -png -r 100 -singlefile -f 3 -l 3 .build/docs-pictures/summary.pdf docs/summary-goals
	pdftoppm -png -r 100 -singlefile -f 5 -l 5 .build/docs-pictures/cs_kpi_fy2025.annotated.pdf docs/annotated-cs-summary
	python3 docs/fit_first_sheet.py .build/docs-pictures/cs_kpi_fy2025.annotated.xlsx .build/docs-pictures/cs-fit.xlsx
	cd .build/docs-pictures && HOME=$$PWD soffice --headless --convert-to pdf cs-fit.xlsx >/dev/null
	pdftoppm -png -r 110 -singlefile -f 1 -l 1 -y 60 -H 330 -W 1300 .build/docs-pictures/cs-fit.pdf docs/annotated-cs-kpi

# Benchmarks: the reader against python-calamine, fastexcel and openpyxl; analyze; the write-back against openpyxl.
bench: build
	$(SWIFT) build -c release --product annotate-patch
	python3 -m pip install -q python-calamine fastexcel pyarrow openpyxl xlsxwriter
	python3 Benchmarks/read_bench.py --bin $(BIN)
	python3 Benchmarks/analyze_bench.py --bin $(BIN) --n 1000 --goals 50
	python3 Benchmarks/annotate_bench.py --bin .build/release

clean:
	rm -rf .build
