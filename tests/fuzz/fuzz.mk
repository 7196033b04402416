# libFuzzer targets (included by the Makefile). `make fuzz` builds build/fuzz/fuzz_<target>
# with clang (-fsanitize=fuzzer,address,undefined) and runs each for FUZZ_SECONDS on a
# scratch copy of its seed corpus tests/fuzz/corpus/<target>/ (the committed seeds stay as
# they are; new coverage lands in build/fuzz/corpus/<target>/). A crash stops the run and
# leaves build/fuzz/crash-*: minimise it, keep it in tests/fuzz/regress/<target>/, fix.
# `make test` replays regress/ and the seeds through build/$(BUILD)/tests/fuzz_replay,
# built with the normal compiler and flags.

FUZZ_SECONDS ?= 60
FUZZ_TARGETS := source rules template layout
FUZZ_CC      := clang
FZ           := build/fuzz
# The libFuzzer runtime lives in libclang-rt-14-dev on Debian bookworm.
FUZZ_PKGS    := clang libclang-rt-14-dev
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all
# clang's -Wformat=2 also flags vfprintf(fmt) inside diag.c's printf-like functions, which
# gcc accepts because they carry the format attribute: not a finding, so it is off here.
FUZZ_CFLAGS  := $(STD) $(WARN) -Wno-format-nonliteral -O1 -g -fno-omit-frame-pointer $(FUZZ_SAN) \
                -fsanitize=fuzzer-no-link $(PKG_CFLAGS) -iquote src -iquote tests/fuzz \
                -DBG_FUZZ_ROOT='"$(CURDIR)"' $(CFLAGS)
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(FZ)/fuzz_%)
FUZZ_LIBOBJS := $(LIBOBJS:$(B)/src/%.o=$(FZ)/src/%.o)

.PHONY: fuzz fuzz-deps fuzz-build

fuzz-deps:
	@missing=""; for p in $(FUZZ_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then echo "make: run as root to install:$$missing" >&2; exit 3; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

fuzz-build: fuzz-deps
	$(Q)$(MAKE) --no-print-directory $(FUZZ_BINS)

fuzz: deps fuzz-build
	$(Q)for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FZ)/corpus/$$t && cp -n tests/fuzz/corpus/$$t/* $(FZ)/corpus/$$t/ 2>/dev/null; \
	  echo "FUZZ $$t for $(FUZZ_SECONDS) s"; \
	  (cd $(FZ) && ./fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2560 \
	     -max_len=65536 -print_final_stats=1 corpus/$$t ../../tests/fuzz/regress/$$t \
	     >fuzz_$$t.log 2>&1) || { tail -n 40 $(FZ)/fuzz_$$t.log; exit 1; }; \
	  grep -E '^stat::number_of_executed_units|^Done' $(FZ)/fuzz_$$t.log; \
	done

$(FZ)/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "CC(fuzz) $<"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

$(FZ)/tests/%.o: tests/fuzz/%.c tests/fuzz/fuzz_common.h
	@mkdir -p $(dir $@)
	@echo "CC(fuzz) $<"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -DBG_FUZZ_LIBFUZZER -c -o $@ $<

$(FZ)/fuzz_%: $(FZ)/tests/fuzz_%.o $(FZ)/tests/fuzz_common.o $(FUZZ_LIBOBJS)
	@echo "LD $@"
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(LIBS)

# The replay binary: every harness, no libFuzzer, the build's own compiler and flags.
FUZZ_REPLAY_SRCS := $(FUZZ_TARGETS:%=tests/fuzz/fuzz_%.c) tests/fuzz/fuzz_common.c \
                    tests/fuzz/fuzz_replay.c
FUZZ_REPLAY_OBJS := $(FUZZ_REPLAY_SRCS:tests/fuzz/%.c=$(B)/tests/fuzz/%.o)

$(B)/tests/fuzz/%.o: tests/fuzz/%.c
	@mkdir -p $(dir $@)
	@echo "CC $<"
	$(Q)$(CC) $(ALL_CFLAGS) -iquote tests/fuzz -DBG_FUZZ_ROOT='"$(CURDIR)"' -c -o $@ $<

$(B)/tests/fuzz_replay: $(FUZZ_REPLAY_OBJS) $(B)/libbg.a
	@echo "LD $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

-include $(wildcard $(FZ)/src/*.d) $(FUZZ_REPLAY_OBJS:.o=.d)
