/*
 * ykt-reader: a reader of list format 2 in C, written from docs/reader-list-format.md, speaking the
 * conformance protocol of docs/reader-conformance.md on stdin and stdout. Each request line is one case:
 * a fresh reader provisioned with its keys, the files loaded in order, then a decision per card.
 *   ykt-reader               answer request lines until stdin ends
 *   ykt-reader --self-test   check SipHash-1-3 against the document's test vector
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include "protocol.h"
#include "reader.h"
#include "siphash13.h"

/* "<id>:<hex>" into an id and exactly `length` bytes. */
static int parse_key(const char *entry, uint32_t *id, uint8_t *key, size_t length) {
    char *colon;
    unsigned long long n = strtoull(entry, &colon, 10);
    if (*colon != ':' || n > UINT32_MAX) return 0;
    size_t got;
    if (sodium_hex2bin(key, length, colon + 1, strlen(colon + 1), NULL, &got, NULL) != 0 || got != length) return 0;
    *id = (uint32_t)n;
    return 1;
}

static const char *provision(reader_t *r, const request_t *q) {
    for (size_t i = 0; i < q->root_count && i < MAX_KEYS; i++, r->root_count++)
        if (!parse_key(q->roots[i], &r->roots[i].id, r->roots[i].key, 32)) return "bad root key";
    for (size_t i = 0; i < q->hash_key_count && i < MAX_KEYS; i++, r->hash_key_count++)
        if (!parse_key(q->hash_keys[i], &r->hash_keys[i].id, r->hash_keys[i].key, 16)) return "bad hash key";
    for (size_t i = 0; i < q->revoked_count; i++) id_set_add(&r->revoked, (uint32_t)q->revoked[i]);
    return NULL;
}

/* The whole file in memory, or NULL (then *length is 0). */
static uint8_t *read_file(const char *path, size_t *length) {
    *length = 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL) return NULL;
    uint8_t *bytes = NULL;
    size_t capacity = 0, n;
    do {
        if (*length == capacity) {
            capacity = capacity ? 2 * capacity : 1 << 20;
            uint8_t *grown = realloc(bytes, capacity);
            if (grown == NULL) { free(bytes); fclose(f); *length = 0; return NULL; }
            bytes = grown;
        }
        n = fread(bytes + *length, 1, capacity - *length, f);
        *length += n;
    } while (n > 0);
    fclose(f);
    return bytes;
}

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static void answer(const request_t *q) {
    reader_t reader;
    reader_init(&reader);
    const char *problem = provision(&reader, q);
    printf("{\"case\":\"%s\",\"loads\":[", q->name);
    const char *reasons[MAX_ITEMS];
    for (size_t i = 0; i < q->file_count; i++) {
        size_t length;
        uint8_t *bytes = read_file(q->files[i], &length);
        /* An empty file reads as no bytes, which the loader refuses as truncated. */
        static const uint8_t nothing[1];
        reasons[i] = problem != NULL ? problem : reader_load(&reader, bytes != NULL ? bytes : nothing, length);
        free(bytes);
        printf("%s\"%s\"", i ? "," : "", reasons[i] == NULL ? "accepted" : "refused");
    }
    printf("],\"decisions\":[");
    for (size_t i = 0; i < q->card_count; i++) printf("%s\"%s\"", i ? "," : "", reader_decide(&reader, q->cards[i], q->now_ms));
    printf("],\"reasons\":[");
    for (size_t i = 0; i < q->file_count; i++) printf("%s\"%s\"", i ? "," : "", reasons[i] == NULL ? "" : reasons[i]);
    printf("]");
    if (q->repeat > 0 && q->card_count > 0) {
        /* The decisions feed a sum the program prints nowhere but cannot prove unused: no round is optimised away. */
        volatile size_t sink = 0;
        double start = now_ns();
        for (uint64_t round = 0; round < q->repeat; round++)
            for (size_t i = 0; i < q->card_count; i++) sink += strlen(reader_decide(&reader, q->cards[i], q->now_ms));
        double elapsed = now_ns() - start;
        (void)sink;
        printf(",\"nsPerTap\":%.2f", elapsed / ((double)q->repeat * (double)q->card_count));
    }
    printf("}\n");
    fflush(stdout);
    reader_free(&reader);
}

static int self_test(void) {
    uint8_t key[16];
    for (int i = 0; i < 16; i++) key[i] = (uint8_t)i;
    const char *card = "6214830000000000017";
    uint64_t got = siphash13(key, (const uint8_t *)card, strlen(card));
    int ok = got == 0xf12d2e7eacbc637aULL;
    printf("SipHash-1-3(00..0f, %s) = %016" PRIx64 " %s\n", card, got, ok ? "ok" : "WRONG, expected f12d2e7eacbc637a");
    return ok ? 0 : 1;
}

int main(int argc, char **argv) {
    if (sodium_init() < 0) {
        fprintf(stderr, "ykt-reader: libsodium failed to start\n");
        return 1;
    }
    if (argc > 1 && strcmp(argv[1], "--self-test") == 0) return self_test();
    static request_t request;
    char *line = NULL;
    size_t capacity = 0;
    while (getline(&line, &capacity, stdin) != -1) {
        if (line[0] == '\n' || line[0] == '\0') continue;
        memset(&request, 0, sizeof request);
        const char *problem = parse_request(line, &request);
        if (problem != NULL) {
            /* A line the reader cannot read still gets its one answer line, so the runner is not left waiting. */
            fprintf(stderr, "ykt-reader: %s\n", problem);
            printf("{\"case\":\"\",\"loads\":[],\"decisions\":[],\"error\":\"%s\"}\n", problem);
            fflush(stdout);
            continue;
        }
        answer(&request);
    }
    free(line);
    return 0;
}
