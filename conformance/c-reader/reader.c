/*
 * The reader's list: a snapshot replaces it, a delta moves it one step, and every file is checked in the order
 * of docs/reader-list-format.md §6 first. Any failure refuses the whole file and changes nothing.
 */
#include <stdlib.h>
#include <string.h>
#include "reader.h"

void reader_init(reader_t *r) {
    memset(r, 0, sizeof *r);
}

static void drop_list(reader_t *r) {
    free(r->entries);
    r->entries = NULL;
    r->entry_count = 0;
    r->has_list = 0;
    r->signers.count = 0;
}

void reader_free(reader_t *r) {
    drop_list(r);
    free(r->revoked.ids);
    free(r->signers.ids);
    reader_init(r);
}

int id_set_has(const id_set_t *set, uint32_t id) {
    for (size_t i = 0; i < set->count; i++) if (set->ids[i] == id) return 1;
    return 0;
}

int id_set_add(id_set_t *set, uint32_t id) {
    if (id_set_has(set, id)) return 1;
    if (set->count == set->capacity) {
        size_t capacity = set->capacity ? 2 * set->capacity : 16;
        uint32_t *ids = realloc(set->ids, capacity * sizeof *ids);
        if (ids == NULL) return 0;
        set->ids = ids;
        set->capacity = capacity;
    }
    set->ids[set->count++] = id;
    return 1;
}

static const hash_key_t *hash_key_by_id(const reader_t *r, uint32_t id) {
    for (size_t i = 0; i < r->hash_key_count; i++) if (r->hash_keys[i].id == id) return &r->hash_keys[i];
    return NULL;
}

/* An accepted file's time, policies and revoked ids become the list's own (§5: "are the delta's"). */
static void adopt(reader_t *r, const list_file_t *f) {
    r->has_list = 1;
    r->version = f->version;
    r->created_at_ms = f->created_at_ms;
    r->policy = f->policy;
    r->next_policy = f->next_policy;
    id_set_add(&r->signers, f->signing_key_id);
    for (uint32_t i = 0; i < f->revoked_count; i++) id_set_add(&r->revoked, file_revoked(f, i));
}

static const char *load_snapshot(reader_t *r, const list_file_t *f) {
    const hash_key_t *hash_key = hash_key_by_id(r, f->hash_key_id);
    if (hash_key == NULL) return "unknown hash key";
    const char *problem = check_trust(r, f);
    if (problem == NULL && r->has_list && f->version < r->version) problem = "older than the list held";
    entry_t *entries = NULL;
    if (problem == NULL) problem = read_snapshot(f, &entries, r->bucket_start);
    if (problem != NULL) {
        /* read_snapshot may have written the bucket table: rebuild the held list's. */
        if (r->has_list) fill_bucket_table(r->entries, r->entry_count, r->bucket_start);
        return problem;
    }
    drop_list(r);
    r->entries = entries;
    r->entry_count = f->count;
    r->hash_key = hash_key;
    adopt(r, f);
    return NULL;
}

static const char *apply_delta(reader_t *r, const list_file_t *f) {
    if (f->kind != KIND_DELTA) return "not a delta";
    if (!r->has_list) return "no snapshot loaded";
    if (f->from_version != r->version) return "delta does not start at the current version";
    if (f->hash_key_id != r->hash_key->id) return "hash key differs from the list's";
    const char *problem = check_trust(r, f);
    if (problem == NULL) problem = check_changes(f);
    if (problem != NULL) return problem;
    for (uint32_t i = 0; i < f->revoked_count; i++) {
        if (id_set_has(&r->signers, file_revoked(f, i))) {
            /* Part of the list was signed by a key now revoked: drop it, keep the revocations (the file is genuine). */
            for (uint32_t j = 0; j < f->revoked_count; j++) id_set_add(&r->revoked, file_revoked(f, j));
            drop_list(r);
            return "the list held was signed by a revoked key";
        }
    }
    problem = merge_changes(f, &r->entries, &r->entry_count);
    if (problem != NULL) return problem;
    fill_bucket_table(r->entries, r->entry_count, r->bucket_start);
    adopt(r, f);
    return NULL;
}

const char *reader_load(reader_t *r, const uint8_t *bytes, size_t length) {
    list_file_t f;
    const char *problem = read_list_file(bytes, length, &f);
    if (problem != NULL) return problem;
    return f.kind == KIND_SNAPSHOT ? load_snapshot(r, &f) : apply_delta(r, &f);
}
