# Madrasa — one C binary, a static web app, SQLite and PostgreSQL.
#
#   make run     install what is missing, build, migrate madrasa.db, load demo data, serve :8080
#   make check   build and run every test (source checks, unit, HTTP on both backends, browser)
#   make bench   benchmarks side by side with the peers     make eval   evaluations on ../shared/data
#
# Every .c file under src/ is part of the program: adding a module is adding a file.
# build/madrasa is the release build; build/asan/ holds the sanitizer build the tests use.

CC      ?= cc
B       ?= build
# (make B=/tmp/mine builds in another folder: handy when several people share a tree)
PKGS    := zlib libmicrohttpd jansson sqlite3 libpq libsodium libutf8proc libxml-2.0 poppler-glib cairo libqrencode
PKGCFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKGLIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla -Werror=format-security
HARDEN  := -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
CFLAGS  ?= -O2 -g
ALLCFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -Isrc $(PKGCFLAGS) $(if $(CI),-Werror)
LDLIBS  := $(PKGLIBS) -lstemmer -llbfgs -lm -lpthread
LDFLAGS ?= -pie -Wl,-z,relro,-z,now

SRC      := $(shell find src -name '*.c' | sort)
LIBSRC   := $(filter-out src/main.c,$(SRC))
MIGRATIONS := $(sort $(wildcard src/db/migrations/*.sql))
GEN      := $(B)/gen/migrations.c
OBJ      := $(patsubst src/%.c,$(B)/obj/%.o,$(LIBSRC)) $(B)/obj/gen/migrations.o
ASANOBJ  := $(patsubst src/%.c,$(B)/asan/%.o,$(LIBSRC)) $(B)/asan/gen/migrations.o
UNIT     := $(patsubst tests/unit/%.c,$(B)/tests/%,$(wildcard tests/unit/test_*.c))
HTTPT    := $(patsubst tests/http/%.c,$(B)/tests/%,$(wildcard tests/http/test_*.c))
ASANFLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

.PHONY: all run check test unit http-tests bench eval clean deps serve fmt fuzz fuzz-replay FORCE
all: $(B)/madrasa

deps:
	@sh scripts/install-deps.sh

$(B)/madrasa: $(B)/obj/main.o $(B)/libmadrasa.a
	@echo LINK $@; $(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/libmadrasa.a: $(OBJ)
	@rm -f $@; ar rcs $@ $^

$(B)/asan/libmadrasa.a: $(ASANOBJ)
	@rm -f $@; ar rcs $@ $^

$(B)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo CC $<; $(CC) $(ALLCFLAGS) $(HARDEN) -MMD -MP -c -o $@ $<

$(B)/asan/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo CC-ASAN $<; $(CC) $(ALLCFLAGS) $(ASANFLAGS) -MMD -MP -c -o $@ $<

# (two rules: a pattern rule with two targets would mean "one run makes both")
$(B)/obj/gen/%.o: $(B)/gen/%.c
	@mkdir -p $(dir $@)
	@$(CC) $(ALLCFLAGS) -c -o $@ $<

$(B)/asan/gen/%.o: $(B)/gen/%.c
	@mkdir -p $(dir $@)
	@$(CC) $(ALLCFLAGS) -c -o $@ $<

# The migrations are compiled into the binary: one file to copy to a school's server.
# (the list itself is a prerequisite too, so a new migration older than the last build counts)
$(GEN): $(MIGRATIONS) $(B)/gen/migrations.list scripts/embed-migrations.sh
	@mkdir -p $(dir $@)
	@sh scripts/embed-migrations.sh $(MIGRATIONS) > $@

$(B)/tests/%: tests/unit/%.c $(B)/asan/libmadrasa.a tests/unit/testing.h tests/pdf_fixture.h
	@mkdir -p $(dir $@)
	@echo TEST $@; $(CC) $(ALLCFLAGS) $(ASANFLAGS) -Itests -o $@ $< $(B)/asan/libmadrasa.a $(LDLIBS) -lcmocka

$(B)/tests/%: tests/http/%.c $(B)/asan/libmadrasa.a tests/http/http_client.h tests/pdf_fixture.h
	@mkdir -p $(dir $@)
	@echo TEST $@; $(CC) $(ALLCFLAGS) $(ASANFLAGS) -Itests -o $@ $< $(B)/asan/libmadrasa.a $(LDLIBS) -lcmocka -lcurl

$(B)/gen/migrations.list: FORCE
	@mkdir -p $(dir $@); echo "$(MIGRATIONS)" | cmp -s - $@ || echo "$(MIGRATIONS)" > $@

FORCE:

unit: $(UNIT)

http-tests: $(HTTPT)

# Fuzz targets (fuzz/fuzz_<name>.c): replayed on their committed corpora under the sanitizers
# by `make check`; `make fuzz T=<name>` runs libFuzzer (clang) on one for FUZZ_SECONDS.
FUZZT    := $(patsubst fuzz/fuzz_%.c,%,$(wildcard fuzz/fuzz_*.c))
FUZZ_SECONDS ?= 60
$(B)/fuzz/replay_%: fuzz/fuzz_%.c fuzz/replay.c fuzz/fuzz.h $(B)/asan/libmadrasa.a
	@mkdir -p $(dir $@)
	@echo FUZZ-REPLAY $@; $(CC) $(ALLCFLAGS) $(ASANFLAGS) -Ifuzz -o $@ $< fuzz/replay.c $(B)/asan/libmadrasa.a $(LDLIBS)

fuzz-replay: $(patsubst %,$(B)/fuzz/replay_%,$(FUZZT))
	@for t in $(FUZZT); do $(B)/fuzz/replay_$$t fuzz/corpus/$$t/* || exit 1; done

fuzz:
	@test -n "$(T)" || { echo "usage: make fuzz T=<$(FUZZT)>"; exit 2; }
	@mkdir -p $(B)/fuzz fuzz/corpus/$(T)
	clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Isrc -Ifuzz $(PKGCFLAGS) \
	    -o $(B)/fuzz/fuzz_$(T) fuzz/fuzz_$(T).c $(LIBSRC) $(GEN) $(LDLIBS)
	$(B)/fuzz/fuzz_$(T) -max_total_time=$(FUZZ_SECONDS) fuzz/corpus/$(T)

check: deps
	@bash scripts/check.sh

test: check

run: deps $(B)/madrasa
	./$(B)/madrasa migrate --db sqlite:madrasa.db
	./$(B)/madrasa demo --db sqlite:madrasa.db
	./$(B)/madrasa serve --db sqlite:madrasa.db --listen 127.0.0.1:8080

bench: deps $(B)/madrasa
	@bash scripts/bench.sh

eval: $(B)/madrasa
	@bash scripts/eval.sh

fmt:
	clang-format -i $(SRC) $(shell find src tests -name '*.h')

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
