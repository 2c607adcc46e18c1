/*
 * List bodies (docs/reader-list-format.md §4, §5): a snapshot's bucket table and columns read into one sorted
 * array of (key, value), a delta's upserts and removals merged into it, and lookups by bucket then binary search.
 */
#include <stdlib.h>
#include "reader.h"

/* Classes 0..3 take any test minute; 4..7 only 0; 8..15 are reserved (§2). */
static int valid_value(uint32_t v) {
    uint32_t cls = v & 15;
    return cls < 4 || (cls < 8 && (v >> 4) == 0);
}

const char *read_snapshot(const list_file_t *f, entry_t **out, uint32_t *starts) {
    const uint8_t *table = f->bytes + f->header_length;
    size_t n = f->count;
    const uint8_t *mid = table + (size_t)(BUCKETS + 1) * 4;
    const uint8_t *low = mid + 4 * n;
    const uint8_t *value = low + ((2 * n + 3) & ~(size_t)3);
    for (uint32_t b = 0; b <= BUCKETS; b++) starts[b] = le32(table + 4 * (size_t)b);
    if (starts[0] != 0 || starts[BUCKETS] != n) return "bad bucket table";
    for (uint32_t b = 0; b < BUCKETS; b++) if (starts[b + 1] < starts[b]) return "bad bucket table";
    entry_t *entries = malloc((n ? n : 1) * sizeof *entries);
    if (entries == NULL) return "out of memory";
    size_t i = 0;
    for (uint32_t b = 0; b < BUCKETS; b++) {
        for (; i < starts[b + 1]; i++) {
            uint64_t key = (uint64_t)b << 48 | (uint64_t)le32(mid + 4 * i) << 16 | (uint32_t)(low[2 * i] | low[2 * i + 1] << 8);
            entries[i].key = key;
            entries[i].value = le32(value + 4 * i);
            /* Strictly ascending by the whole key: within a bucket by mid then low, and across buckets by construction. */
            if (i > 0 && entries[i - 1].key >= key) { free(entries); return "keys out of order"; }
            if (!valid_value(entries[i].value)) { free(entries); return "reserved value"; }
        }
    }
    *out = entries;
    return NULL;
}

static uint64_t key_at(const uint8_t *p) { return (uint64_t)le32(p) << 32 | le32(p + 4); }

/* A delta's upserts and removals each strictly ascending, values valid, no key in both (§5). */
const char *check_changes(const list_file_t *f) {
    const uint8_t *up = f->bytes + f->header_length;
    const uint8_t *rm = up + 12 * (size_t)f->count;
    size_t nu = f->count, nr = f->removals;
    for (size_t i = 0; i < nu; i++) {
        if (!valid_value(le32(up + 12 * i + 8))) return "reserved value";
        if (i > 0 && key_at(up + 12 * (i - 1)) >= key_at(up + 12 * i)) return "upserts out of order";
    }
    for (size_t j = 1; j < nr; j++) if (key_at(rm + 8 * (j - 1)) >= key_at(rm + 8 * j)) return "removals out of order";
    for (size_t i = 0, j = 0; i < nu && j < nr;) {
        uint64_t a = key_at(up + 12 * i), b = key_at(rm + 8 * j);
        if (a == b) return "key both upserted and removed";
        if (a < b) i++; else j++;
    }
    return NULL;
}

/* (entries − removals) ∪ upserts, all three ascending: one merge pass into a new array. */
const char *merge_changes(const list_file_t *f, entry_t **entries, size_t *count) {
    const uint8_t *up = f->bytes + f->header_length;
    const uint8_t *rm = up + 12 * (size_t)f->count;
    size_t nu = f->count, nr = f->removals;
    entry_t *old = *entries, *merged = malloc((*count + nu + 1) * sizeof *merged);
    if (merged == NULL) return "out of memory";
    size_t n = 0, i = 0, u = 0, r = 0;
    while (i < *count || u < nu) {
        uint64_t ku = u < nu ? key_at(up + 12 * u) : UINT64_MAX;
        if (i < *count && (u == nu || old[i].key < ku)) {
            uint64_t k = old[i].key;
            while (r < nr && key_at(rm + 8 * r) < k) r++;
            if (!(r < nr && key_at(rm + 8 * r) == k)) merged[n++] = old[i];
            i++;
        } else {
            if (i < *count && old[i].key == ku) i++; /* an upsert replaces the value */
            merged[n].key = ku;
            merged[n++].value = le32(up + 12 * u + 8);
            u++;
        }
    }
    free(old);
    *entries = merged;
    *count = n;
    return NULL;
}

void fill_bucket_table(const entry_t *entries, size_t count, uint32_t *starts) {
    size_t i = 0;
    for (uint32_t b = 0; b <= BUCKETS; b++) {
        while (i < count && (entries[i].key >> 48) < b) i++;
        starts[b] = (uint32_t)i;
    }
}

int find_entry(const reader_t *r, uint64_t key, uint32_t *value) {
    uint32_t bucket = (uint32_t)(key >> 48);
    size_t lo = r->bucket_start[bucket], hi = r->bucket_start[bucket + 1];
    while (lo < hi) {
        size_t m = lo + (hi - lo) / 2;
        if (r->entries[m].key < key) lo = m + 1;
        else hi = m;
    }
    if (lo < r->bucket_start[bucket + 1] && r->entries[lo].key == key) {
        *value = r->entries[lo].value;
        return 1;
    }
    return 0;
}
