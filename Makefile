# Madrasa — one C binary, a static web app, SQLite and PostgreSQL.
#
#   make run     install what is missing, build, migrate madrasa.db, load demo data, serve :8080
#   make check   build and run every test (source checks, unit, HTTP on both backends, browser)
#   make bench   benchmarks side by side with the peers     make eval   evaluations on ../shared/data
#
# Every .c file under src/ is part of the program: adding a module is adding a file.
# build/madrasa is the release build; build/asan/ holds the sanitizer build the tests use.

CC      ?= cc
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
GEN      := build/gen/migrations.c
OBJ      := $(patsubst src/%.c,build/obj/%.o,$(LIBSRC)) build/obj/gen/migrations.o
ASANOBJ  := $(patsubst src/%.c,build/asan/%.o,$(LIBSRC)) build/asan/gen/migrations.o
UNIT     := $(patsubst tests/unit/%.c,build/tests/%,$(wildcard tests/unit/test_*.c))
HTTPT    := $(patsubst tests/http/%.c,build/tests/%,$(wildcard tests/http/test_*.c))
ASANFLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

.PHONY: all run check test unit bench eval clean deps serve fmt
all: build/madrasa

deps:
	@sh scripts/install-deps.sh

build/madrasa: build/obj/main.o build/libmadrasa.a
	@echo LINK $@; $(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

build/libmadrasa.a: $(OBJ)
	@rm -f $@; ar rcs $@ $^

build/asan/libmadrasa.a: $(ASANOBJ)
	@rm -f $@; ar rcs $@ $^

build/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo CC $<; $(CC) $(ALLCFLAGS) $(HARDEN) -MMD -MP -c -o $@ $<

build/asan/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo CC-ASAN $<; $(CC) $(ALLCFLAGS) $(ASANFLAGS) -MMD -MP -c -o $@ $<

build/obj/gen/%.o build/asan/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	@$(CC) $(ALLCFLAGS) -c -o $@ $<

# The migrations are compiled into the binary: one file to copy to a school's server.
$(GEN): $(MIGRATIONS) scripts/embed-migrations.sh
	@mkdir -p $(dir $@)
	@sh scripts/embed-migrations.sh $(MIGRATIONS) > $@

build/tests/%: tests/unit/%.c build/asan/libmadrasa.a tests/unit/testing.h
	@mkdir -p $(dir $@)
	@echo TEST $@; $(CC) $(ALLCFLAGS) $(ASANFLAGS) -Itests -o $@ $< build/asan/libmadrasa.a $(LDLIBS) -lcmocka

build/tests/%: tests/http/%.c build/asan/libmadrasa.a tests/http/http_client.h
	@mkdir -p $(dir $@)
	@echo TEST $@; $(CC) $(ALLCFLAGS) $(ASANFLAGS) -Itests -o $@ $< build/asan/libmadrasa.a $(LDLIBS) -lcmocka -lcurl

unit: $(UNIT)

check: deps
	@bash scripts/check.sh

test: check

run: deps build/madrasa
	./build/madrasa migrate --db sqlite:madrasa.db
	./build/madrasa demo --db sqlite:madrasa.db
	./build/madrasa serve --db sqlite:madrasa.db --listen 127.0.0.1:8080

bench: deps build/madrasa
	@bash scripts/bench.sh

eval: build/madrasa
	@bash scripts/eval.sh

fmt:
	clang-format -i $(SRC) $(shell find src tests -name '*.h')

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
