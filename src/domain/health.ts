// Health records as the health authority feeds them: a code colour and the latest negative test.
// Pure data; the rules that turn a record into pass-until live in entry-policy.ts.

/** The four code colours of the Beijing Health Kit (健康宝), in order of severity. */
export const CODE_COLOURS = ['green', 'popup', 'yellow', 'red'] as const;

export type CodeColour = (typeof CODE_COLOURS)[number];

/** What a person reads for each colour. Labels follow Health Kit's own wording. */
export const CODE_COLOUR_LABELS: Readonly<Record<CodeColour, { zh: string; en: string }>> = {
  green: { zh: '未见异常', en: 'No abnormality' },
  popup: { zh: '弹窗', en: 'Pop-up (please report)' },
  yellow: { zh: '居家观察', en: 'Home observation' },
  red: { zh: '集中观察', en: 'Centralised observation' },
};

/**
 * One person's health status as last reported.
 *
 * @example
 * const record: HealthRecord = { colour: 'green', testedAt: Date.parse('2022-06-06T08:00:00+08:00'), recordedAt: Date.now() };
 */
export interface HealthRecord {
  colour: CodeColour;
  /** When the latest negative test was sampled, ms since epoch; null when none is on record. */
  testedAt: number | null;
  /** When the health authority produced this record, ms since epoch; orders records from the feed. */
  recordedAt: number;
}

export function isCodeColour(value: unknown): value is CodeColour {
  return typeof value === 'string' && (CODE_COLOURS as readonly string[]).includes(value);
}
