/*
 * The trust chain (docs/reader-list-format.md §6): the file's certificate must be for the key that signed it,
 * that key must not be revoked, a provisioned root must have signed the certificate, and the certified key
 * must have signed every byte before the last 64. Ed25519 through libsodium.
 */
#include <sodium.h>
#include "reader.h"

static const root_key_t *root_by_id(const reader_t *r, uint32_t id) {
    for (size_t i = 0; i < r->root_count; i++) if (r->roots[i].id == id) return &r->roots[i];
    return NULL;
}

const char *check_trust(const reader_t *r, const list_file_t *f) {
    const uint8_t *cert = f->certificate;
    if (cert[0] != 'Y' || cert[1] != 'K' || cert[2] != 'T' || cert[3] != 'K') return "not a key certificate";
    if (le32(cert + 12) != 0) return "certificate reserved bytes set";
    uint32_t signing_key_id = le32(cert + 4);
    if (signing_key_id != f->signing_key_id) return "certificate is for another signing key";
    if (id_set_has(&r->revoked, signing_key_id)) return "signing key revoked";
    for (uint32_t i = 0; i < f->revoked_count; i++)
        if (file_revoked(f, i) == signing_key_id) return "signing key revoked by the file itself";
    const root_key_t *root = root_by_id(r, le32(cert + 8));
    if (root == NULL) return "unknown root key";
    if (crypto_sign_verify_detached(cert + 48, cert, 48, root->key) != 0) return "certificate not signed by the root";
    const uint8_t *signature = f->bytes + f->length - SIGNATURE;
    if (crypto_sign_verify_detached(signature, f->bytes, f->length - SIGNATURE, cert + 16) != 0) return "bad signature";
    return NULL;
}
