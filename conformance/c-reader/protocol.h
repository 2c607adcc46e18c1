/* The conformance protocol (docs/reader-conformance.md): one flat JSON line in per case, one out. */
#ifndef YKT_PROTOCOL_H
#define YKT_PROTOCOL_H
#include <stddef.h>
#include <stdint.h>

enum { MAX_ITEMS = 4096 };

typedef struct {
    char *name;
    uint64_t now_ms;
    uint64_t repeat;
    char *roots[MAX_ITEMS]; size_t root_count;
    char *hash_keys[MAX_ITEMS]; size_t hash_key_count;
    uint64_t revoked[MAX_ITEMS]; size_t revoked_count;
    char *files[MAX_ITEMS]; size_t file_count;
    char *cards[MAX_ITEMS]; size_t card_count;
} request_t;

/* Parses one request line in place (strings end where their closing quote was); NULL when sound, else why not. */
const char *parse_request(char *line, request_t *request);

#endif
