# briefgen — plain GNU make. `make` installs missing Debian packages, builds, and writes
# out/*.pdf; `make test` runs every test. See README.md.

BUILD   ?= release
B       := build/$(BUILD)
CC      ?= cc
ifeq ($(origin CC),default)
CC      := gcc
endif

# Debian packages briefgen needs to build, test and run. `deps` installs only what
# `dpkg -s` reports missing.
# opentype-sanitizer: tests/lint/fonts.sh runs ots-sanitize on fonts/ (issue 6).
# clang-format: tests/lint/format.sh checks the layout of src/ and tests/unit/ (STYLE.md §11).
# icc-profiles-free: /usr/share/color/icc/sRGB.icc, the output intent of `pdfa: true` (issue 4).
PKGS := gcc make pkg-config libhpdf-dev libyaml-dev libpcre2-dev libhyphen-dev hyphen-en-us libdeflate-dev \
        libunibreak-dev \
        libpng-dev libturbojpeg0-dev icc-profiles-free \
        libcmocka-dev qpdf poppler-utils python3 python3-yaml opentype-sanitizer clang-format
SANPKGS := valgrind

STD   := -std=c11 -D_POSIX_C_SOURCE=200809L
WARN  := -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
         -Wmissing-declarations -Wold-style-definition -Wpointer-arith -Wcast-qual \
         -Wwrite-strings -Wvla -Wformat=2 -Wundef -Wimplicit-fallthrough -Wnull-dereference \
         -Wdouble-promotion -Wconversion -Wredundant-decls
# Deliberately absent (STYLE.md §10): -Wsign-conversion (size_t/int noise) and
# -Wswitch-enum (it forbids a default:).
ifeq ($(BUILD),release)
OPT   := -O2 -D_FORTIFY_SOURCE=2 -fstack-protector-strong
DBG   := -g
SAN   :=
else ifeq ($(BUILD),debug)
OPT   := -O0
DBG   := -g3 -DBG_TEST_BUILD
SAN   :=
else ifeq ($(BUILD),asan)
OPT   := -O1
DBG   := -g -fno-omit-frame-pointer -DBG_TEST_BUILD
SAN   := -fsanitize=address,undefined -fno-sanitize-recover=all
else
$(error BUILD must be release, debug or asan)
endif

PKG_CFLAGS := $(shell pkg-config --cflags yaml-0.1 libpcre2-8 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs yaml-0.1 libpcre2-8 2>/dev/null || echo -lyaml -lpcre2-8)
# libharu and libhyphen ship no .pc file in Debian; libunibreak's .pc adds only -lunibreak.
LIBS       := $(PKG_LIBS) -lhpdf -lhyphen -lunibreak -lpng -lturbojpeg -ldeflate -lm
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

ALL_CFLAGS := $(STD) $(WARN) $(OPT) $(DBG) $(SAN) $(PKG_CFLAGS) -MMD -MP -iquote src $(CFLAGS)
ALL_LDFLAGS := $(SAN) $(LDFLAGS)

ifeq ($(V),1)
Q :=
else
Q := @
endif

SRCS  := $(wildcard src/*.c)
OBJS  := $(SRCS:src/%.c=$(B)/src/%.o)
LIBOBJS := $(filter-out $(B)/src/main.o,$(OBJS))
BIN   := $(B)/briefgen

# The unit tests: one cmocka program per module, linked against the module library
# (the linker takes only the objects a test needs).
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)

TEMPLATES := $(filter-out templates/_%,$(wildcard templates/*.yaml))
PDFS      := $(TEMPLATES:templates/%.yaml=out/%.pdf)

.PHONY: all deps build briefings test format unit sanitize valgrind bench eval clean install golden-update lint fuzz
.DEFAULT_GOAL := all

all: deps
	$(Q)$(MAKE) --no-print-directory build
	$(Q)$(MAKE) --no-print-directory briefings

deps:
	@missing=""; for p in $(PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then echo "make: run as root to install:$$missing" >&2; exit 3; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

build: $(BIN)

$(BIN): $(OBJS)
	@echo "LD $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(B)/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "CC $<"
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/libbg.a: $(LIBOBJS)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(B)/tests/%.o: tests/unit/%.c
	@mkdir -p $(dir $@)
	@echo "CC $<"
	$(Q)$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -Wno-missing-declarations -c -o $@ $<

# Each unit test links its module and the support objects it needs (STYLE §8); a test
# without a MODS_ line links the whole module library.
SUPPORT      := arena buf diag utf8 fsio clock
MODS_arena   := arena buf
MODS_utf8    := utf8
MODS_lbreak  := lbreak
MODS_diag    := diag
MODS_fsio    := $(SUPPORT)
MODS_clock   := clock diag
MODS_icc     := icc $(SUPPORT)
MODS_cli     := cli $(SUPPORT)
MODS_depfile := depfile buf
MODS_yload   := yload $(SUPPORT)
MODS_source  := source yload $(SUPPORT)
MODS_template := template template_read template_merge template_vars template_style \
                 template_section yload $(SUPPORT)
MODS_segment := segment segment_split segment_table source yload $(SUPPORT)
MODS_fact    := fact $(SUPPORT)
MODS_rules   := rules rules_terms rules_filter rules_analyse yload $(SUPPORT)
MODS_compose := compose compose_select compose_timeline compose_ref compose_text fact $(SUPPORT)
MODS_extract := extract extract_list extract_compress extract_dedup rules rules_terms rules_filter rules_analyse fact \
                segment segment_split segment_table source yload $(SUPPORT)
MODS_report  := report fact $(SUPPORT)
MODS_pdf_sfnt := pdf_sfnt font $(SUPPORT)
MODS_pdf_xmp := pdf_xmp $(SUPPORT)
MODS_pdf     := pdf pdf_font pdf_stream pdf_meta pdf_sfnt pdf_xmp icc font $(SUPPORT)

.SECONDEXPANSION:
$(B)/tests/test_%: $(B)/tests/test_%.o \
    $$(if $$(MODS_$$*),$$(addprefix $(B)/src/,$$(addsuffix .o,$$(MODS_$$*))),$(B)/libbg.a)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(filter %.o %.a,$^) $(CMOCKA_LIBS) $(LIBS)

# Each briefing is its own make target, so `make -j` builds them in parallel and a change
# rebuilds only the briefings whose inputs it touched: briefgen writes the exact inputs
# (sources, rules, template chain, fonts used) into out/.NAME.d with --depfile.
briefings: $(PDFS)

out/%.pdf: templates/%.yaml $(BIN)
	@echo "BRIEF $@"
	$(Q)$(BIN) build --depfile out/.$*.d $*

-include $(wildcard out/.*.d)

unit: $(UNIT_BINS) $(B)/tests/fuzz_replay

test: deps
	$(Q)$(MAKE) --no-print-directory BUILD=debug build unit
	$(Q)BUILD=debug tests/run.sh

sanitize: deps
	$(Q)$(MAKE) --no-print-directory BUILD=asan build unit
	$(Q)BUILD=asan ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 tests/run.sh unit cli

valgrind: deps
	@for p in $(SANPKGS); do dpkg -s $$p >/dev/null 2>&1 || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$p >/dev/null); done
	$(Q)$(MAKE) --no-print-directory BUILD=debug build unit
	$(Q)BUILD=debug VALGRIND=1 tests/run.sh unit cli golden

# `make bench`: per-stage timings and the speed bars (tests/bench/README.md).
$(B)/tests/bench: tests/bench/bench.c $(B)/libbg.a
	@mkdir -p $(dir $@)
	@echo "CC $<"
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libbg.a $(LIBS)

bench: deps
	$(Q)$(MAKE) --no-print-directory BUILD=release build build/release/tests/bench
	$(Q)tests/bench/run.sh

golden-update: deps
	$(Q)$(MAKE) --no-print-directory BUILD=debug build
	$(Q)BUILD=debug tests/golden/run.sh --update

eval: all
	$(Q)tests/eval.sh

# Static analysis: gcc -fanalyzer over every source, and cppcheck beside it.
lint: deps
	@for p in cppcheck; do dpkg -s $$p >/dev/null 2>&1 || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$p >/dev/null); done
	$(Q)for f in $(SRCS); do $(CC) $(STD) $(WARN) -fanalyzer $(PKG_CFLAGS) -iquote src -fsyntax-only $$f || exit 1; done
	$(Q)cppcheck --quiet --error-exitcode=1 --enable=warning,portability --std=c11 \
	  --suppress=missingIncludeSystem -I src src

format: deps
	$(Q)tests/lint/format.sh

PREFIX  ?= /usr/local
DESTDIR ?=
install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/briefgen
	install -m 644 docs/briefgen.1 $(DESTDIR)$(PREFIX)/share/man/man1/briefgen.1

clean:
	rm -rf build
	rm -f out/*.pdf out/.*.d out/.briefgen-tmp.*

-include $(OBJS:.o=.d) $(UNIT_BINS:%=%.d)

# libFuzzer harnesses (`make fuzz`) and the replay binary `make test` runs.
include tests/fuzz/fuzz.mk
