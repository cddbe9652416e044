/*
 * audit_cmd.c — `madrasa audit verify --db URL [--audit-key PATH]`.
 *
 * Recomputes the whole chain, the checkpoint signatures and the witnesses of every module that
 * records object states (today: the council's, src/app/majlis), prints one line per problem and
 * a summary, and exits 0 when the log is intact, 1 when it is not (or cannot be read), 2 on bad
 * usage. When the key file exists (the default place or --audit-key), its public key must be one
 * the chain registered, so a chain rebuilt and re-signed with another key is caught.
 */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/audit/audit.h"
#include "app/majlis/majlis.h"
#include "base/args.h"
#include "base/err.h"
#include "cli/cli.h"

/* trusted_key: the key file's public key in hex, or "" when there is no key file */
static int trusted_key(char *pk_hex, db_conn *c, const char *override)
{
    char path[1024], hex[200] = {0};
    pk_hex[0] = 0;
    if (audit_key_path(path, sizeof path, c, override)) return 0;
    FILE *f = fopen(path, "r");
    if (!f) {
        if (override) fprintf(stderr, "madrasa audit: cannot read the key file %s\n", path);
        return override ? E_NOTFOUND : 0;
    }
    size_t n = fread(hex, 1, sizeof hex - 1, f);
    fclose(f);
    while (n && (hex[n - 1] == '\n' || hex[n - 1] == '\r')) hex[--n] = 0;
    unsigned char sk[crypto_sign_SECRETKEYBYTES], pk[crypto_sign_PUBLICKEYBYTES];
    size_t got = 0;
    if (sodium_hex2bin(sk, sizeof sk, hex, n, NULL, &got, NULL) || got != sizeof sk) {
        fprintf(stderr, "madrasa audit: %s is not a key file\n", path);
        return E_INVALID;
    }
    crypto_sign_ed25519_sk_to_pk(pk, sk);
    sodium_memzero(sk, sizeof sk);
    sodium_bin2hex(pk_hex, 2 * sizeof pk + 1, pk, sizeof pk);
    return 0;
}

int audit_cmd(int argc, char **argv)
{
    static const char *const allowed[] = {"--db=", "--audit-key=", NULL};
    if (argc < 2 || strcmp(argv[1], "verify") != 0 || args_check(argc, argv, allowed)) {
        fprintf(stderr, "usage: madrasa audit verify --db URL [--audit-key PATH]\n");
        return 2;
    }
    db *d = cli_open_db(argc, argv, 1);
    if (!d) return 1;
    db_conn *c = db_acquire(d);
    char pk[2 * crypto_sign_PUBLICKEYBYTES + 1];
    audit_report rep;
    int rc = trusted_key(pk, c, args_value(argc, argv, "--audit-key"));
    if (rc == 0) rc = audit_verify(&rep, c, majlis_audit_witnesses, majlis_audit_nwitnesses, *pk ? pk : NULL, stderr);
    db_release(c);
    db_close(d);
    if (rc) {
        fprintf(stderr, "madrasa audit: could not read the audit log (%s)\n", err_name(rc));
        return 1;
    }
    if (rep.problems) {
        printf("audit chain BROKEN: first broken link at entry %" PRId64 ": %s (%d problem%s in all)\n", rep.bad_seq,
               rep.what, rep.problems, rep.problems == 1 ? "" : "s");
        return 1;
    }
    printf("audit chain intact: %" PRId64 " entries, %" PRId64 " signed checkpoints, %" PRId64
           " objects match their last entry%s\n",
           rep.entries, rep.checkpoints, rep.witnessed, *pk ? ", key file matches" : "");
    return 0;
}
