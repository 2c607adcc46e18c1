// The operator's answers: live figures, what-if counts, entry policies and readers. The ops pages take
// their types from here (type-only imports), so page and API cannot drift apart.
import { Type, type Static } from 'typebox';
import { DECISIONS, type Decision } from '../domain/decisions.ts';
import { CODE_COLOURS } from '../domain/health.ts';
import { TERMINAL_KINDS } from '../domain/terminals.ts';

const Ms = Type.Integer({ description: 'ms since epoch' });
const Iso = Type.String({ format: 'date-time' });

export const DecisionName = Type.Enum(DECISIONS);
/** A count for every decision, zeros included. */
// DECISIONS is a list rather than a tuple, so TypeBox cannot infer the record's keys: they are stated here.
export const DecisionCounts = Type.Unsafe<Record<Decision, number>>(Type.Record(DecisionName, Type.Integer()));

export const TerminalHealth = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  line: Type.String(),
  station: Type.String(),
  listVersion: Type.Union([Type.Integer(), Type.Null()]),
  lag: Type.Union([Type.Integer(), Type.Null()], { description: 'List versions behind; null when never synced' }),
  lastSyncAt: Type.Union([Ms, Type.Null()]),
  softwareVersion: Type.Union([Type.String(), Type.Null()]),
  revoked: Type.Boolean(),
  stale: Type.Boolean({ description: "Not synced within the policy's maximum list age" }),
  outdated: Type.Boolean({ description: 'Older software than the newest any reader reports' }),
  silent: Type.Boolean({ description: 'No sync for YKT_READER_SILENT_MINUTES' }),
  behind: Type.Boolean({ description: 'More than YKT_READER_BEHIND_VERSIONS versions behind, or behind for YKT_READER_BEHIND_MINUTES' }),
});
export type TerminalHealth = Static<typeof TerminalHealth>;

export const Dashboard = Type.Object({
  at: Ms,
  listVersion: Type.Integer(),
  tapsPerMinute: Type.Array(Type.Object({ minute: Type.Integer({ description: 'minutes since epoch' }), counts: DecisionCounts })),
  lastHour: DecisionCounts,
  bindings: Type.Object({
    physical: Type.Integer(),
    nfc: Type.Integer(),
    perHour: Type.Array(Type.Object({ hour: Type.Integer({ description: 'hours since epoch' }), active: Type.Integer() })),
  }),
  terminals: Type.Array(TerminalHealth),
  readerThresholds: Type.Object({
    staleMs: Type.Integer({ description: "the policy's maximum list age: a reader not synced for longer is stale" }),
    silentMs: Type.Integer({ description: 'YKT_READER_SILENT_MINUTES in ms' }),
    behindVersions: Type.Integer({ description: 'YKT_READER_BEHIND_VERSIONS' }),
    behindMs: Type.Integer({ description: 'YKT_READER_BEHIND_MINUTES in ms' }),
  }, { description: 'when a reader is flagged stale, silent or behind' }),
});
export type Dashboard = Static<typeof Dashboard>;

export const WhatIf = Type.Object({
  at: Ms,
  boundCards: Type.Integer(),
  current: DecisionCounts,
  proposed: DecisionCounts,
  moves: Type.Array(Type.Object({ from: DecisionName, to: DecisionName, cards: Type.Integer() })),
});

/** An entry policy as stored: durations in ms, the effective time in ms since epoch. */
export const EntryPolicyView = Type.Object({
  version: Type.Integer(),
  passColours: Type.Array(Type.Enum(CODE_COLOURS)),
  maxTestAgeMs: Type.Union([Type.Integer(), Type.Null()], { description: 'null: no test needed' }),
  maxListAgeMs: Type.Integer(),
  effectiveAt: Ms,
});

export const EntryPolicies = Type.Object({
  inForce: EntryPolicyView,
  published: Type.Array(EntryPolicyView),
  presets: Type.Record(Type.String(), EntryPolicyView),
});

export const RegisteredTerminals = Type.Object({
  listVersion: Type.Integer({ description: 'The reader list version this node serves' }),
  terminals: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: Type.Enum(TERMINAL_KINDS),
      line: Type.String(),
      station: Type.String(),
      enrolledAt: Iso,
      revokedAt: Type.Union([Iso, Type.Null()]),
      listVersion: Type.Union([Type.Integer(), Type.Null()]),
      lastSyncAt: Type.Union([Iso, Type.Null()]),
      softwareVersion: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});
