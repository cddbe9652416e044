/*
 * fuzz_moodle_xml.c — the Moodle XML importer (libxml2 underneath) on arbitrary bytes.
 */
#include "app/content/moodle_xml.h"
#include "base/arena.h"
#include "base/buf.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena a = ARENA_INIT;
    buf errors = BUF_INIT(1 << 20);
    content_import out;
    import_opts opts = IMPORT_OPTS_INIT;
    moodle_xml_import(&out, &a, &errors, "fuzz.xml", (const char *)data, size, &opts);
    buf_free(&errors);
    arena_free(&a);
    return 0;
}
