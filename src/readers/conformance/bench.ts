// decide() per tap, measured by each reader around its own loop, on the same list and the same cards: a
// city-sized snapshot (1 million bindings by default) written to a temporary file, then a thousand cards,
// half of them bound, decided over and over.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listValue } from '../builder/index.ts';
import { HASH_KEYS, ROOT } from './kit-keys.ts';
import { T0, HOUR } from './kit-cards.ts';
import { snapshot100 } from './kit-lists.ts';
import { keyEntries, type CaseRequest } from './protocol.ts';
import { ReaderProcess } from './reader-process.ts';

export interface BenchList {
  file: string;
  request: (repeat: number) => CaseRequest;
  remove: () => void;
}

const boundCard = (i: number) => String(6214835000000000000n + BigInt(i));
const unboundCard = (i: number) => String(6214836000000000000n + BigInt(i));

/** A snapshot of `bindings` green cards tested an hour before T0, and a request tapping `cards` of them (half bound). */
export function benchList(bindings = 1_000_000, cards = 1000): BenchList {
  const green = listValue('active', { colour: 'green', testedAt: T0 - HOUR, recordedAt: T0 - HOUR });
  const entries = (function* () {
    for (let i = 0; i < bindings; i++) yield [boundCard(i), green] as const;
  })();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ykt-bench-'));
  const file = path.join(dir, 'bench.ykl');
  fs.writeFileSync(file, snapshot100({}, undefined, entries));
  const step = Math.max(1, Math.floor(bindings / cards));
  const taps = Array.from({ length: cards }, (_, i) => (i % 2 === 0 ? boundCard((i * step) % bindings) : unboundCard(i)));
  return {
    file,
    request: (repeat) => ({
      case: 'bench',
      now: T0 + 60_000,
      roots: keyEntries(new Map([[ROOT.keyId, ROOT.publicKeyRaw]])),
      hashKeys: keyEntries(new Map([[1, HASH_KEYS[1]]])),
      revoked: [],
      files: [file],
      cards: taps,
      repeat,
    }),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export interface BenchResult {
  nsPerTap: number;
  /** The reader's decisions for the cards, once: both readers must agree (half PASS, half NOT_UPGRADED). */
  passes: number;
  refusedList: boolean;
}

/** Asks the reader `command` to load the bench list and time `repeat` rounds of its cards. */
export async function benchReader(command: readonly string[], list: BenchList, repeat = 2000): Promise<BenchResult> {
  const reader = new ReaderProcess(command);
  try {
    const answer = await reader.ask(list.request(repeat), 300_000);
    if (typeof answer.nsPerTap !== 'number') throw new Error('the reader did not answer nsPerTap for a request with "repeat"');
    return { nsPerTap: answer.nsPerTap, passes: answer.decisions.filter((d) => d === 'PASS').length, refusedList: answer.loads[0] !== 'accepted' };
  } finally {
    await reader.close();
  }
}
