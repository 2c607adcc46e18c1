/* SipHash-1-3 (docs/reader-list-format.md §1): the card key of a card number under a 16-byte hash key. */
#ifndef YKT_SIPHASH13_H
#define YKT_SIPHASH13_H
#include <stddef.h>
#include <stdint.h>

uint64_t siphash13(const uint8_t key[16], const uint8_t *message, size_t length);

#endif
