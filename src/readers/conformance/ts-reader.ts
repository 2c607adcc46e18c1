// The TypeScript reader SDK behind the conformance protocol (protocol.ts): the reference reader the kit is
// checked against, and the one `ykt conformance bench` times beside a vendor's. Run as a process:
//   node --import tsx src/readers/conformance/ts-reader.ts
import fs from 'node:fs';
import readline from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ReaderList } from '../sdk/index.ts';
import { parseKeyEntries, type CaseAnswer, type CaseRequest, type LoadOutcome } from './protocol.ts';

/** Kind byte 1 is a snapshot; anything else goes to applyDelta, which refuses what is not a delta. */
const isSnapshot = (bytes: Uint8Array) => bytes.length > 5 && bytes[5] === 1;

export async function answer(request: CaseRequest): Promise<CaseAnswer> {
  const list = new ReaderList({ rootKeys: parseKeyEntries(request.roots), hashKeys: parseKeyEntries(request.hashKeys), revokedKeyIds: request.revoked });
  const loads: LoadOutcome[] = [];
  const reasons: string[] = [];
  for (const file of request.files) {
    const bytes = new Uint8Array(fs.readFileSync(file));
    const result = isSnapshot(bytes) ? await list.loadSnapshot(bytes) : await list.applyDelta(bytes);
    loads.push(result.ok ? 'accepted' : 'refused');
    reasons.push(result.ok ? '' : result.reason);
  }
  const decisions = request.cards.map((card) => list.decide(card, request.now));
  const reply: CaseAnswer = { case: request.case, loads, decisions, reasons };
  if (request.repeat) reply.nsPerTap = timeDecide(list, request.cards, request.now, request.repeat);
  return reply;
}

/** ns per decide() over `repeat` rounds of `cards`; the decisions feed a sum so that no round is optimised away. */
function timeDecide(list: ReaderList, cards: readonly string[], now: number, repeat: number): number {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let r = 0; r < repeat; r++) for (const card of cards) sink += list.decide(card, now).length;
  const ns = Number(process.hrtime.bigint() - start);
  if (sink === -1) console.error('unreachable');
  return ns / (repeat * cards.length);
}

/** The command that runs this reader as a process: through tsx from the sources, or plain node from a build. */
export function referenceReaderCommand(): string[] {
  const script = fileURLToPath(import.meta.url);
  return script.endsWith('.ts') ? [process.execPath, '--import', 'tsx', script] : [process.execPath, script];
}

// Run as a process (not imported by the bench or a test): answer each line of stdin.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    process.stdout.write(`${JSON.stringify(await answer(JSON.parse(line) as CaseRequest))}\n`);
  }
}
