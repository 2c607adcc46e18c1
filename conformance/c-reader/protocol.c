/*
 * Hand parsing of the protocol's request lines. The runner promises flat JSON whose strings hold no escapes
 * (hex, digits, file paths), so a field is found by its quoted name and read in place.
 */
#include <stdlib.h>
#include <string.h>
#include "protocol.h"

/* Just after `"name":` (and any spaces), or NULL when the line has no such field. */
static char *field(char *line, const char *name) {
    char pattern[64];
    size_t n = strlen(name);
    if (n + 3 >= sizeof pattern) return NULL;
    pattern[0] = '"';
    memcpy(pattern + 1, name, n);
    memcpy(pattern + 1 + n, "\":", 3);
    char *at = strstr(line, pattern);
    if (at == NULL) return NULL;
    at += n + 3;
    while (*at == ' ') at++;
    return at;
}

/* A string at `at` (its opening quote): terminated in place; *end is just past it. */
static char *string_at(char *at, char **end) {
    if (*at != '"') return NULL;
    char *close = strchr(at + 1, '"');
    if (close == NULL) return NULL;
    *close = '\0';
    *end = close + 1;
    return at + 1;
}

/* A string array at `at` (its opening bracket). */
static const char *string_array(char *at, char **items, size_t *count) {
    *count = 0;
    if (at == NULL || *at != '[') return "missing array";
    at++;
    while (*at == ' ') at++;
    while (*at != ']') {
        if (*count == MAX_ITEMS) return "too many items";
        char *end;
        char *s = string_at(at, &end);
        if (s == NULL) return "bad string";
        items[(*count)++] = s;
        at = end;
        while (*at == ' ' || *at == ',') at++;
        if (*at == '\0') return "unterminated array";
    }
    return NULL;
}

/* A number array at `at` (its opening bracket). */
static const char *number_array(char *at, uint64_t *items, size_t *count) {
    *count = 0;
    if (at == NULL || *at != '[') return "missing array";
    at++;
    while (*at != ']') {
        while (*at == ' ' || *at == ',') at++;
        if (*at == ']') break;
        if (*count == MAX_ITEMS) return "too many items";
        char *end;
        items[(*count)++] = strtoull(at, &end, 10);
        if (end == at) return "bad number";
        at = end;
    }
    return NULL;
}

const char *parse_request(char *line, request_t *q) {
    /* Every field is found before any is read: reading a string ends it in place, which would hide what follows from strstr. */
    char *name = field(line, "case"), *now = field(line, "now"), *repeat = field(line, "repeat");
    char *roots = field(line, "roots"), *hash_keys = field(line, "hashKeys"), *revoked = field(line, "revoked");
    char *files = field(line, "files"), *cards = field(line, "cards");
    if (!name || !now || !roots || !hash_keys || !revoked || !files || !cards) return "a field is missing";
    char *end;
    const char *problem;
    if ((q->name = string_at(name, &end)) == NULL) return "bad \"case\"";
    q->now_ms = strtoull(now, NULL, 10);
    q->repeat = repeat == NULL ? 0 : strtoull(repeat, NULL, 10);
    if ((problem = number_array(revoked, q->revoked, &q->revoked_count)) != NULL) return problem;
    if ((problem = string_array(roots, q->roots, &q->root_count)) != NULL) return problem;
    if ((problem = string_array(hash_keys, q->hash_keys, &q->hash_key_count)) != NULL) return problem;
    if ((problem = string_array(files, q->files, &q->file_count)) != NULL) return problem;
    return string_array(cards, q->cards, &q->card_count);
}
