// Values that mean something to the demo server, by property or parameter name, so that schema-valid
// requests get past "no such card" to the rules behind it. Random strings fill in the rest.
import { DEMO_DOCUMENTS } from '../../../src/services/demo/seed.ts';
import { demoCard } from '../fixtures.ts';

const spaced = (n: string) => n.replace(/(\d{4})(?=\d)/g, '$1 ');
const cards = Array.from({ length: 40 }, (_, i) => demoCard(i + 1));

/** A health record as the authority sends it, for the demo `document`, recorded `hoursAgo` before `now`. */
function healthRecord(document: (typeof DEMO_DOCUMENTS)[number], now: number, hoursAgo: number, zone: string) {
  const at = (ms: number) => new Date(ms).toISOString().replace('Z', zone);
  return { recordId: `fuzz-${hoursAgo}`, document: { type: document.type, number: document.number, state: document.state }, colour: 'green', testedAt: at(now - hoursAgo * 3_600_000), recordedAt: at(now) };
}

/** What the server holds now, for hints that name existing rows: its clock, database and demo outbox. */
export interface ServerState {
  now: number;
  dump: Record<string, unknown[]>;
  /** The demo outbox's latest sign-in codes. */
  codes: ReadonlyArray<{ challengeId: string; code: string }>;
}

const column = (state: ServerState, table: string, name: string) => (state.dump[table] as Array<Record<string, unknown>>).map((row) => row[name]);

/**
 * The hints for a server in `state`: demo values, and the ids of rows it holds (bindings, tickets, readers,
 * refunds, messages, sign-in challenges and their codes), so that requests name things that exist.
 * Staff usernames and passwords are left out on purpose: wrong passwords at a real username lock it for
 * 15 minutes, and with it the fuzzer's own staff sessions (the lockout has its own tests).
 */
export function demoHints(state: ServerState): (name: string) => readonly unknown[] {
  const ids = (table: string) => column(state, table, 'id').map(Number);
  return (name) => {
    switch (name) {
      case 'cardNumber':
        return [...cards, ...cards.slice(0, 5).map(spaced), '1000751000009999'];
      case 'type':
      case 'documentType':
        return DEMO_DOCUMENTS.map((d) => d.type);
      case 'number':
      case 'documentNumber':
        return DEMO_DOCUMENTS.map((d) => d.number);
      case 'state':
        return ['GBR', 'HKG', 'USA', 'XXX'];
      case 'email':
        return ['holder@example.com', 'fuzz@example.com'];
      case 'phone':
        return ['+852 9123 4567', '13800138000'];
      case 'code':
      case 'oldCode':
        return ['000000', ...state.codes.map((c) => c.code)];
      case 'challengeId':
        return state.codes.map((c) => c.challengeId);
      case 'bindingId':
        return ids('binding');
      case 'id':
        return [...ids('ticket'), ...ids('outbox'), ...column(state, 'terminal', 'id')];
      case 'username':
        return ['fuzz-nobody'];
      case 'receiptNo':
        return ['RF2022060300000', ...column(state, 'refund', 'receipt_no')];
      case 'agreementVersion':
      case 'rulesVersion':
      case 'version':
        return [1, 2];
      case 'expectedTotalFen':
        return [0, 2000, 2500];
      case 'messageId':
        return ['<fuzz-1@example.com>'];
      case 'records':
        return [DEMO_DOCUMENTS.map((d, i) => healthRecord(d, state.now, i, '+08:00')), [null], [healthRecord(DEMO_DOCUMENTS[0]!, state.now, 1, '')]];
      default:
        return [];
    }
  };
}
