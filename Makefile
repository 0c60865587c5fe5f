# reco — top-level build.  See README.md.
#
#   make              build everything into build/
#   make check        install missing dependencies, then every test tier
#   make check-fast   build + unit + integration tests (no sanitizers, no VM)
#   make demo         the whole pipeline on this machine, on a throwaway disk image
#   make bench        speed, side by side with the peer tools, as ratios
#   make install PREFIX=/usr DESTDIR=/tmp/stage
#   make man          the man pages (man/*.scd, scdoc) into build/man/
#   make deb          the Debian packages (debian/) into build/deb/
#
# Each command lives in tools/<tool>/ with a module.mk that names it and the
# pkg-config packages it links with; tests/<tier>/module.mk add test targets.
# Nothing here needs editing to add a tool or a test file.

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
# The version has one source: the top entry of debian/changelog.
VERSION := $(shell sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' debian/changelog 2>/dev/null)
ifeq ($(VERSION),)
$(error cannot read the version from debian/changelog)
endif
# /etc for a /usr install (the Debian packages), else PREFIX/etc
SYSCONFDIR ?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
# systemd units: /lib/systemd/system on Debian 12 for a /usr install
UNITDIR ?= $(if $(filter /usr,$(PREFIX)),/lib/systemd/system,$(PREFIX)/lib/systemd/system)
CC      ?= cc
SAN     ?=

OBJ := $(BUILD)/obj
BIN := $(BUILD)/bin
LIBDIR := $(BUILD)/lib

.DEFAULT_GOAL := all   # module.mk files below may define rules of their own
PKGS := jansson
EXTRA_LIBS :=      # libraries without a pkg-config file (module.mk: EXTRA_LIBS += -lx)
TOOLS :=
CHECKS :=           # extra targets `make check` runs (VM tests, ...)
BENCHES :=          # targets `make bench` runs

include $(sort $(wildcard tools/*/module.mk))
include $(sort $(wildcard tests/*/module.mk))

PKGS := $(sort $(PKGS))
PKG_MISSING := $(strip $(foreach p,$(PKGS),$(if $(shell pkg-config --exists $(p) && echo y),,$(p))))
ifneq ($(PKG_MISSING),)
ifeq ($(filter deps clean,$(MAKECMDGOALS))$(filter check check-fast demo bench,$(MAKECMDGOALS)),)
$(warning missing development packages for: $(PKG_MISSING) -- run contrib/install-deps (make check and make demo run it))
endif
endif
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes -Wno-missing-field-initializers
CFLAGS ?= -O2 -g
ifeq ($(SAN),1)
CFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
endif
ALL_CFLAGS := -std=c17 -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 $(WARN) $(CPPFLAGS) $(CFLAGS) \
	-DRECO_VERSION='"$(VERSION)"' -DLOCALEDIR='"$(PREFIX)/share/locale"' \
	-DSYSCONFDIR='"$(SYSCONFDIR)"' \
	-Itools $(PKG_CFLAGS) -MMD -MP
LIBS := $(PKG_LIBS) $(EXTRA_LIBS) -lpthread -lm

LIB_SRCS := $(sort $(wildcard tools/lib/*.c tools/common/*.c))
LIB_OBJS := $(LIB_SRCS:%.c=$(OBJ)/%.o)
LIBRECO  := $(LIBDIR)/libreco.a

.PHONY: fuzzers fuzz-build all clean check check-fast demo bench install unit unit-asan integration fuzz-replay po po-check pot deps examples man deb
all: $(BIN)/reco $(TOOLS:%=$(BIN)/reco-%) po man

$(OBJ)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIBRECO): $(LIB_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BIN)/reco: $(OBJ)/tools/reco/main.o $(LIBRECO)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

# One static archive per tool (every .c but main.c), so that unit tests link
# the tool's modules without its main().  A tool that uses another tool's
# modules names it in its module.mk: `wipe_DEPS := inventory`.
define TOOL_RULES
$(1)_SRCS := $$(filter-out tools/$(1)/main.c,$$(sort $$(wildcard tools/$(1)/*.c)))
$(1)_OBJS := $$($(1)_SRCS:%.c=$(OBJ)/%.o)
$(LIBDIR)/lib$(1).a: $$($(1)_OBJS)
	@mkdir -p $$(dir $$@)
	rm -f $$@ && ar rcs $$@ $$^
$(BIN)/reco-$(1): $(OBJ)/tools/$(1)/main.o $(LIBDIR)/lib$(1).a $$(foreach d,$$($(1)_DEPS),$(LIBDIR)/lib$$(d).a) $(LIBRECO)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(LDFLAGS) -o $$@ $$^ $$(LIBS)
endef
$(foreach t,$(TOOLS),$(eval $(call TOOL_RULES,$(t))))
TOOL_ARCHIVES := $(TOOLS:%=$(LIBDIR)/lib%.a)

# ---- translations -------------------------------------------------------
# msgids are English; French lives in po/*.fr.po (one file per area, merged
# here); the English catalogue is generated from the sources.
PO_SRCS := $(sort $(wildcard tools/*/*.c tools/*/*.h))
PO_FR   := $(sort $(wildcard po/*.fr.po))
LOCALE  := $(BUILD)/share/locale

pot: $(BUILD)/po/reco.pot
$(BUILD)/po/reco.pot: $(PO_SRCS)
	@mkdir -p $(dir $@)
	xgettext -C --from-code=UTF-8 -k_ -kN_ --add-comments=TRANSLATORS: \
		--package-name=reco --package-version=$(VERSION) -o $@ $(PO_SRCS)

$(BUILD)/po/fr.po: $(PO_FR)
	@mkdir -p $(dir $@)
	msgcat --use-first -o $@ $(PO_FR)

$(LOCALE)/fr/LC_MESSAGES/reco.mo: $(BUILD)/po/fr.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

$(LOCALE)/en/LC_MESSAGES/reco.mo: $(BUILD)/po/reco.pot
	@mkdir -p $(dir $@)
	msgen $< | sed 's/charset=CHARSET/charset=UTF-8/' | msgfmt -o $@ -

po: $(LOCALE)/fr/LC_MESSAGES/reco.mo $(LOCALE)/en/LC_MESSAGES/reco.mo

# Every message in the sources has a French translation, and a message found
# in several po files is translated the same way in each (msgcat
# --use-first would silently keep one of them).
po-check: $(BUILD)/po/reco.pot $(BUILD)/po/fr.po
	msgcmp $(BUILD)/po/fr.po $(BUILD)/po/reco.pot
	po/check-clashes $(PO_FR)

# ---- man pages ------------------------------------------------------------
# man/NAME.SECTION.scd (scdoc) -> build/man/NAME.SECTION; @VERSION@ is
# replaced on the way.  A page per command and per settings file.
MAN_SRCS  := $(sort $(wildcard man/*.scd))
MAN_PAGES := $(MAN_SRCS:man/%.scd=$(BUILD)/man/%)

$(BUILD)/man/%: man/%.scd debian/changelog
	@mkdir -p $(dir $@)
	sed 's/@VERSION@/$(VERSION)/g' $< | scdoc > $@.tmp && mv $@.tmp $@

man: $(MAN_PAGES)

# ---- tests ----------------------------------------------------------------
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_REPLAY := $(FUZZ_SRCS:tests/fuzz/%.c=$(BUILD)/fuzz/%-replay)

$(BUILD)/tests/%: tests/unit/%.c $(TOOL_ARCHIVES) $(LIBRECO)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< -Wl,--start-group $(TOOL_ARCHIVES) $(LIBRECO) -Wl,--end-group $(LIBS) -lcmocka

# Each fuzz harness also builds as a replay program (tests/fuzz/replay.c):
# it feeds every file named on its command line to LLVMFuzzerTestOneInput.
$(BUILD)/fuzz/%-replay: tests/fuzz/%.c tests/fuzz/replay.c $(TOOL_ARCHIVES) $(LIBRECO)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay.c -Wl,--start-group $(TOOL_ARCHIVES) $(LIBRECO) -Wl,--end-group $(LIBS)

# RECO_LOCALEDIR: this build's catalogues, for the tests that read a French
# message (BUILD is debian/build in the package build, build/asan for
# unit-asan).
unit: $(UNIT_BINS) po
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; RECO_LOCALEDIR=$(abspath $(LOCALE)) $$t; done

fuzz-replay: $(FUZZ_REPLAY)
	@set -e; for f in $(FUZZ_REPLAY); do \
		n=$$(basename $$f -replay); n=$${n#fuzz_}; \
		echo "== $$f (corpus tests/fuzz/corpus/$$n)"; \
		$$f $$(find tests/fuzz/corpus/$$n -type f | sort); done

# libFuzzer builds (clang), for fuzzing sessions:
#   make fuzz-build && build/fuzzer/fuzz/fuzz_<name> tests/fuzz/corpus/<name>
FUZZERS := $(FUZZ_SRCS:tests/fuzz/%.c=$(BUILD)/fuzz/%)
$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(TOOL_ARCHIVES) $(LIBRECO)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -fsanitize=fuzzer -o $@ $< -Wl,--start-group $(TOOL_ARCHIVES) $(LIBRECO) -Wl,--end-group $(LIBS)
fuzzers: $(FUZZERS)
fuzz-build:
	$(MAKE) BUILD=$(BUILD)/fuzzer CC=clang SAN= \
		CFLAGS='-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined' \
		LDFLAGS='-fsanitize=address,undefined' fuzzers

unit-asan:
	$(MAKE) BUILD=$(BUILD)/asan SAN=1 unit fuzz-replay

integration: all
	RECO_BUILD=$(abspath $(BUILD)) prove -r tests/integration

deps:
	@contrib/install-deps --check >/dev/null || contrib/install-deps

check-fast: deps
	$(MAKE) all
	$(MAKE) po-check unit fuzz-replay integration

check: deps
	$(MAKE) all
	$(MAKE) po-check unit unit-asan fuzz-replay integration $(CHECKS)

demo: deps
	$(MAKE) all
	contrib/demo

bench: deps
	$(MAKE) all
	@set -e; for b in $(BENCHES); do $(MAKE) --no-print-directory $$b; done

# Programs, translations, man pages, bash completion (one script, linked
# under every command's name for bash-completion's on-demand loading), and
# the registry's service unit and settings file.
COMPLETIONS := $(DESTDIR)$(PREFIX)/share/bash-completion/completions
install: all
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(BIN)/reco $(TOOLS:%=$(BIN)/reco-%) $(DESTDIR)$(PREFIX)/bin/
	for l in fr en; do install -D -m 0644 $(LOCALE)/$$l/LC_MESSAGES/reco.mo \
		$(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES/reco.mo; done
	for m in $(MAN_PAGES); do s=$${m##*.}; \
		install -D -m 0644 $$m $(DESTDIR)$(PREFIX)/share/man/man$$s/$${m##*/}; done
	install -D -m 0644 contrib/completion/reco.bash $(COMPLETIONS)/reco
	for t in $(TOOLS); do ln -sf reco $(COMPLETIONS)/reco-$$t; done
	install -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSCONFDIR)/reco
	sed 's|@BINDIR@|$(PREFIX)/bin|g; s|@SYSCONFDIR@|$(SYSCONFDIR)|g' contrib/systemd/reco-registry.service.in \
		> $(DESTDIR)$(UNITDIR)/reco-registry.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/reco-registry.service
	install -m 0644 contrib/registry.conf $(DESTDIR)$(SYSCONFDIR)/reco/registry.conf

# reco and reco-registry, built from the tracked files as from a clean clone
deb:
	contrib/build-debs --out $(BUILD)/deb

clean:
	rm -rf $(BUILD)

-include $(shell find $(OBJ) -name '*.d' 2>/dev/null)
