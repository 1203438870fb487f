# Convene — two commands on a fresh Debian 12 with Go:
#   make run    opens the app (installing what is missing first)
#   make test   runs every test
GO       ?= go
BIN      := bin/convene
# What Fyne's cgo parts need to build, and a display for its test driver's fonts.
APP_DEBS := gcc pkg-config libgl1-mesa-dev xorg-dev libxkbcommon-dev
# The parsers nobody here wrote that read our exports back (Node.js comes
# from Debian unless the machine already has one), and sqlite3.
TEST_DEBS := python3 python3-icalendar sqlite3
# Publishing and conference schedules: the c3voc schemas' validators, and a
# CalDAV server with a client nobody here wrote.
TEST_DEBS += libxml2-utils python3-jsonschema radicale python3-caldav

.PHONY: run build test fuzz lint deps test-deps package bench clean

run: deps build
	./$(BIN)

build:
	$(GO) build -o $(BIN) ./cmd/convene

test: deps test-deps
	$(GO) vet ./...
	$(GO) test -count=1 ./...
	$(GO) test -count=1 -race -short ./...
	@$(MAKE) --no-print-directory fuzz

# fuzz runs each fuzz target for FUZZTIME: none may panic, nor accept what
# it would then write back differently. It is a count of inputs, not a
# duration: when a duration runs out, Go 1.26's fuzzing can fail a target
# with a bare "context deadline exceeded" and no input to blame
# (golang/go#75804). 'make fuzz FUZZTIME=2000000x' looks harder.
FUZZTIME ?= 50000x
FUZZ := storage/csvio:FuzzReadCSV storage/csvio:FuzzFormulaGuard \
	storage/ical:FuzzReadICS storage/ical:FuzzExportedTextStaysInItsProperty \
	model:FuzzParseWallClock model:FuzzWallClock

fuzz:
	@for t in $(FUZZ); do \
		$(GO) test -run '^$$' -fuzz "^$${t#*:}$$" -fuzztime $(FUZZTIME) ./$${t%%:*} || exit 1; \
	done

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt: the files above need formatting"; exit 1; }
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

# deps installs the Debian packages the app needs to build, as root or through
# sudo, and says what to run when it can do neither.
deps:
	@./.ci/debs $(APP_DEBS)

test-deps:
	@./.ci/debs $(TEST_DEBS)
	@./.ci/debs python3-aiosmtpd
	@./.ci/debs poppler-utils python3-html5lib
	@command -v npm >/dev/null || ./.ci/debs nodejs npm

bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./...

package:
	$(GO) run fyne.io/tools/cmd/fyne@v1.7.4 package --release --os linux --src cmd/convene --icon ../../assets/icon.png

clean:
	rm -rf bin
