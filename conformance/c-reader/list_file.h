/* One reader list file, format 2 (docs/reader-list-format.md): its header, read and checked (§3, §3a). */
#ifndef YKT_LIST_FILE_H
#define YKT_LIST_FILE_H
#include <stddef.h>
#include <stdint.h>

enum { KIND_SNAPSHOT = 1, KIND_DELTA = 2 };
enum { FIXED_HEADER = 240, SIGNATURE = 64, CERTIFICATE = 112, MAX_REVOKED = 1024, BUCKETS = 65536 };

/* A policy record (§3a), as read. */
typedef struct {
    uint32_t version;
    uint8_t rule;
    uint8_t pass_colours;
    uint32_t max_test_age_min;
    uint32_t max_list_age_s;
    uint64_t effective_at_ms;
    int reserved_zero; /* bytes 6..7 and 24..31 are zero */
    int all_zero;      /* the "no next policy" record */
} policy_t;

typedef struct {
    const uint8_t *bytes;
    size_t length;
    uint8_t kind;
    uint32_t header_length;
    uint64_t version, from_version, created_at_ms;
    uint32_t hash_key_id, signing_key_id, count, removals, revoked_count;
    policy_t policy, next_policy;
    const uint8_t *certificate; /* 112 bytes at offset 128 */
    const uint8_t *revoked;     /* revoked_count u32 at offset 240 */
} list_file_t;

uint32_t le32(const uint8_t *p);
uint64_t le64(const uint8_t *p);

/* Reads and checks the header and the file's length (§3); NULL when sound, else why not. */
const char *read_list_file(const uint8_t *bytes, size_t length, list_file_t *file);

/* The i-th revoked signing key id the file names. */
uint32_t file_revoked(const list_file_t *file, uint32_t i);

#endif
