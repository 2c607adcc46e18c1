/*
 * SipHash-1-3, written from docs/reader-list-format.md §1: one SipRound per 8-byte block, three to finish.
 * libsodium has SipHash-2-4 only (crypto_shorthash), whose round counts differ, so it cannot be used here.
 */
#include "siphash13.h"

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

static uint64_t read_le64(const uint8_t *p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}

#define SIPROUND                                                     \
    do {                                                             \
        v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32);    \
        v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;                       \
        v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;                       \
        v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32);    \
    } while (0)

uint64_t siphash13(const uint8_t key[16], const uint8_t *message, size_t length) {
    uint64_t k0 = read_le64(key), k1 = read_le64(key + 8);
    uint64_t v0 = k0 ^ 0x736f6d6570736575ULL;
    uint64_t v1 = k1 ^ 0x646f72616e646f6dULL;
    uint64_t v2 = k0 ^ 0x6c7967656e657261ULL;
    uint64_t v3 = k1 ^ 0x7465646279746573ULL;
    size_t whole = length - length % 8;
    for (size_t at = 0; at < whole; at += 8) {
        uint64_t m = read_le64(message + at);
        v3 ^= m;
        SIPROUND;
        v0 ^= m;
    }
    /* The last block: the remaining bytes, little-endian, with the length's low byte on top. */
    uint64_t last = (uint64_t)(length & 0xff) << 56;
    for (size_t i = 0; i < length % 8; i++) last |= (uint64_t)message[whole + i] << (8 * i);
    v3 ^= last;
    SIPROUND;
    v0 ^= last;
    v2 ^= 0xff;
    SIPROUND;
    SIPROUND;
    SIPROUND;
    return v0 ^ v1 ^ v2 ^ v3;
}
