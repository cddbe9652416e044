/*
 * fuzz.h — the one entry point every fuzz target defines (libFuzzer's).
 *
 * A target is fuzz/fuzz_<parser>.c feeding outside bytes to one parser. Two ways to run it:
 *   make fuzz-replay   every committed input in fuzz/corpus/<parser>/ through the target under
 *                      ASan+UBSan (part of `make check`: a crash found once stays fixed);
 *   make fuzz T=csv    libFuzzer (clang -fsanitize=fuzzer) on that target for 60 s, adding the
 *                      inputs it finds to the corpus folder.
 */
#ifndef FUZZ_FUZZ_H
#define FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
