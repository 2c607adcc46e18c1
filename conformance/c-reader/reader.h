/* A reader's list (docs/reader-list-format.md): what it is provisioned with, the list it holds, and decide(). */
#ifndef YKT_READER_H
#define YKT_READER_H
#include <stddef.h>
#include <stdint.h>
#include "list_file.h"

enum { MAX_KEYS = 16 };

typedef struct { uint32_t id; uint8_t key[32]; } root_key_t;
typedef struct { uint32_t id; uint8_t key[16]; } hash_key_t;
/* One binding: the card key as a u64 and its value (§2). */
typedef struct { uint64_t key; uint32_t value; } entry_t;

/* A growable set of u32 ids (revoked signing keys, the signers of the list held). */
typedef struct { uint32_t *ids; size_t count, capacity; } id_set_t;

typedef struct {
    root_key_t roots[MAX_KEYS];
    size_t root_count;
    hash_key_t hash_keys[MAX_KEYS];
    size_t hash_key_count;
    id_set_t revoked; /* every id the reader was told of or an accepted file named; ids only ever join */

    int has_list;
    uint64_t version, created_at_ms;
    const hash_key_t *hash_key;
    policy_t policy, next_policy;
    entry_t *entries; /* ascending by key */
    size_t entry_count;
    uint32_t bucket_start[BUCKETS + 1];
    id_set_t signers; /* keys that signed the snapshot and deltas the list is made of */
} reader_t;

void reader_init(reader_t *r);
void reader_free(reader_t *r);
int id_set_add(id_set_t *set, uint32_t id);
int id_set_has(const id_set_t *set, uint32_t id);

/* Loads a snapshot (kind 1) or applies a delta (any other kind byte): NULL when accepted, else why refused. */
const char *reader_load(reader_t *r, const uint8_t *bytes, size_t length);

/* The decision for one tap (§7), as its code: "PASS", "NOT_UPGRADED", … */
const char *reader_decide(const reader_t *r, const char *card_number, uint64_t now_ms);

/* trust.c: §6 steps 2 to 5 for a file whose header was read. */
const char *check_trust(const reader_t *r, const list_file_t *file);

/* entries.c: the bodies of §4 and §5, and lookups. */
const char *read_snapshot(const list_file_t *file, entry_t **entries, uint32_t *bucket_start);
const char *check_changes(const list_file_t *file);
const char *merge_changes(const list_file_t *file, entry_t **entries, size_t *count);
void fill_bucket_table(const entry_t *entries, size_t count, uint32_t *bucket_start);
int find_entry(const reader_t *r, uint64_t key, uint32_t *value);

#endif
