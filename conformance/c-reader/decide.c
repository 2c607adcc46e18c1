/* Deciding a tap (docs/reader-list-format.md §7): the policy that applies on the reader's clock, the list's
 * age, the card key, then the value's class and test minute. No allocation, no I/O. */
#include <string.h>
#include "reader.h"
#include "siphash13.h"

/* 2020-01-01T00:00:00Z, where test minutes count from (§2). */
#define FACTS_EPOCH_MS 1577836800000LL
#define NO_TEST_NEEDED 0xffffffffu
/* How far the reader's clock may run behind the list's creation. */
#define CLOCK_SKEW_MS 300000LL

/* Rule 1, colour bits 0..3 only, reserved bytes zero (§3a): anything else is a policy this reader cannot apply. */
static int known_policy(const policy_t *p) {
    return p->rule == 1 && (p->pass_colours & ~0x0f) == 0 && p->reserved_zero;
}

const char *reader_decide(const reader_t *r, const char *card, uint64_t now_ms) {
    if (!r->has_list) return "LIST_STALE";
    const policy_t *p = &r->policy;
    if (r->next_policy.rule != 0 && now_ms >= r->next_policy.effective_at_ms) p = &r->next_policy;
    if (!known_policy(p)) return "LIST_STALE";
    int64_t age = (int64_t)now_ms - (int64_t)r->created_at_ms;
    if (age > (int64_t)p->max_list_age_s * 1000 || age < -CLOCK_SKEW_MS) return "LIST_STALE";

    uint32_t value;
    uint64_t key = siphash13(r->hash_key->key, (const uint8_t *)card, strlen(card));
    if (!find_entry(r, key, &value)) return "NOT_UPGRADED";
    uint32_t cls = value & 15, minute = value >> 4;
    switch (cls) {
    case 4: return "ABNORMAL"; /* bound, no health record */
    case 5: return "CARD_LOST";
    case 6: return "CARD_BLOCKED";
    case 7: return "CARD_REFUNDED";
    default: break; /* 0..3: code colours; 8..15 never pass the loader */
    }
    if (((p->pass_colours >> cls) & 1) == 0) return "ABNORMAL";
    if (p->max_test_age_min == NO_TEST_NEEDED) return "PASS";
    if (minute == 0) return "TEST_EXPIRED"; /* no test on record */
    int64_t until = FACTS_EPOCH_MS + ((int64_t)minute + p->max_test_age_min) * 60000;
    return (int64_t)now_ms < until ? "PASS" : "TEST_EXPIRED";
}
