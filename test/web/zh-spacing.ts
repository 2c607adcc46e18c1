// What a stray space in Chinese looks like, for the message-table check (zh-spacing.test.ts) and for the
// browser tests that read a whole Chinese page.
const HAN = String.raw`\p{Script=Han}`;
const CJK_PUNCTUATION = String.raw`\u3000-\u303f\uff00-\uffef`;
const CJK = `[${HAN}${CJK_PUNCTUATION}]`;

/** A space between Chinese characters or Chinese punctuation, or before punctuation that follows Chinese. */
export const STRAY_SPACE = new RegExp(`${CJK} +${CJK}|${HAN} +[,.;:!?)]`, 'u');
