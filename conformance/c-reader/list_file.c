/* The header of a list file: every field of docs/reader-list-format.md §3 read, and every rule it states checked. */
#include "list_file.h"

uint32_t le32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

uint64_t le64(const uint8_t *p) {
    return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

uint32_t file_revoked(const list_file_t *file, uint32_t i) {
    return le32(file->revoked + 4 * (size_t)i);
}

static void read_policy(const uint8_t *p, policy_t *policy) {
    policy->version = le32(p);
    policy->rule = p[4];
    policy->pass_colours = p[5];
    policy->max_test_age_min = le32(p + 8);
    policy->max_list_age_s = le32(p + 12);
    policy->effective_at_ms = le64(p + 16);
    int reserved = p[6] | p[7];
    for (int i = 24; i < 32; i++) reserved |= p[i];
    policy->reserved_zero = reserved == 0;
    int any = 0;
    for (int i = 0; i < 32; i++) any |= p[i];
    policy->all_zero = any == 0;
}

/* pad4(x) = (x + 3) & ~3 (§4) */
static uint64_t pad4(uint64_t x) { return (x + 3) & ~(uint64_t)3; }

static uint64_t expected_length(const list_file_t *f) {
    if (f->kind == KIND_SNAPSHOT) {
        uint64_t n = f->count;
        return f->header_length + (uint64_t)(BUCKETS + 1) * 4 + 4 * n + pad4(2 * n) + 4 * n + SIGNATURE;
    }
    return f->header_length + 12 * (uint64_t)f->count + 8 * (uint64_t)f->removals + SIGNATURE;
}

const char *read_list_file(const uint8_t *b, size_t length, list_file_t *f) {
    const uint64_t max_u64 = (1ULL << 53) - 1; /* "a loader may refuse larger ones" */
    if (length < FIXED_HEADER + SIGNATURE) return "truncated";
    if (b[0] != 'Y' || b[1] != 'K' || b[2] != 'T' || b[3] != 'L') return "not a reader list";
    if (b[4] != 2) return "format version is not 2";
    f->bytes = b;
    f->length = length;
    f->kind = b[5];
    if (f->kind != KIND_SNAPSHOT && f->kind != KIND_DELTA) return "unknown kind";
    f->revoked_count = le32(b + 48);
    if (f->revoked_count > MAX_REVOKED) return "too many revoked keys";
    f->header_length = FIXED_HEADER + 4 * f->revoked_count;
    if ((uint32_t)(b[6] | b[7] << 8) != f->header_length) return "header length is not 240 + 4K";
    if (length < (size_t)f->header_length + SIGNATURE) return "truncated";
    if (b[52] != (f->kind == KIND_SNAPSHOT ? 16 : 0)) return "wrong bucket bits";
    for (int i = 53; i < 64; i++) if (b[i] != 0) return "reserved header bytes set";
    f->version = le64(b + 8);
    f->from_version = le64(b + 16);
    f->created_at_ms = le64(b + 24);
    f->hash_key_id = le32(b + 32);
    f->signing_key_id = le32(b + 36);
    f->count = le32(b + 40);
    f->removals = le32(b + 44);
    read_policy(b + 64, &f->policy);
    read_policy(b + 96, &f->next_policy);
    if (f->version > max_u64 || f->from_version > max_u64 || f->created_at_ms > max_u64 ||
        f->policy.effective_at_ms > max_u64 || f->next_policy.effective_at_ms > max_u64) return "u64 above 2^53 - 1";
    if (f->policy.rule == 0) return "no policy in force";
    if (f->next_policy.rule == 0 && !f->next_policy.all_zero) return "next policy of rule 0 is not all zero";
    f->certificate = b + 128;
    f->revoked = b + FIXED_HEADER;
    for (uint32_t i = 1; i < f->revoked_count; i++)
        if (file_revoked(f, i) <= file_revoked(f, i - 1)) return "revoked ids not strictly ascending";
    if (f->kind == KIND_SNAPSHOT && (f->from_version != 0 || f->removals != 0)) return "snapshot with a from version or removals";
    if (f->kind == KIND_DELTA && f->version < f->from_version) return "delta goes backwards";
    if (f->kind == KIND_DELTA && f->version == f->from_version && (f->count | f->removals) != 0) return "heartbeat with changes";
    uint64_t expected = expected_length(f);
    if (length != expected) return length < expected ? "truncated" : "trailing bytes";
    return NULL;
}
