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

.PHONY: run build test fuzz lint deps test-deps package test-packages install-user uninstall-user bench clean

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
	@./.ci/debs postgresql pgbouncer
	@./.ci/debs poppler-utils python3-html5lib
	@./.ci/debs dbus-daemon gnome-keyring libsecret-tools
	@command -v npm >/dev/null || ./.ci/debs nodejs npm

bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./...

# package builds dist/convene-VERSION-linux-amd64.tar.xz (install.sh puts
# it under ~/.local), dist/convene-VERSION-windows-amd64.zip (convene.exe,
# cross-built with MinGW-w64) and dist/SHA256SUMS, with the version and
# build number of FyneApp.toml. The fyne tool is built for this machine
# first: `go run` would build it for Windows too.
VERSION  := $(shell sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
BUILDNUM := $(shell sed -n 's/^Build *= *\([0-9]*\)/\1/p' FyneApp.toml)
DIST     := dist
PACKAGE_DEBS := gcc-mingw-w64-x86-64 xz-utils zip
# Wine runs the Windows program in the tests (the wine package puts the
# wine command on PATH); desktop-file-validate checks the menu entry.
TEST_PACKAGE_DEBS := wine wine64 desktop-file-utils python3-icalendar

package: deps
	@./.ci/debs $(PACKAGE_DEBS)
	GOBIN=$(CURDIR)/bin $(GO) install fyne.io/tools/cmd/fyne@v1.7.4
	GO=$(GO) FYNE=$(CURDIR)/bin/fyne ./assets/package/make-packages.sh $(VERSION) $(BUILDNUM) $(DIST)

# test-packages unpacks what package built and runs it as a user would; the
# Windows program runs under Wine (cmd/convene/packages_test.go).
test-packages: package
	@./.ci/debs $(TEST_PACKAGE_DEBS)
	CONVENE_PACKAGES=$(CURDIR)/$(DIST) $(GO) test -count=1 -tags packages -run '^TestPackaged' ./cmd/convene/

# install-user installs the Linux package for the current user under
# ~/.local, as a user would from the unpacked archive; uninstall-user
# removes it again (plans stay).
install-user uninstall-user: package
	rm -rf $(DIST)/convene-$(VERSION)-linux-amd64
	tar -C $(DIST) -xJf $(DIST)/convene-$(VERSION)-linux-amd64.tar.xz
	$(DIST)/convene-$(VERSION)-linux-amd64/install.sh $(if $(filter uninstall-user,$@),--uninstall)

clean:
	rm -rf bin $(DIST)
