// The operator's view of the outbox: counts by status and the messages given up. The ops page takes its
// types from here (type-only imports), so page and API cannot drift apart.
import { Type, type Static } from 'typebox';

const Status = Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed'), Type.Literal('expired')]);

export const QueuedMessageView = Type.Object({
  id: Type.Integer(),
  kind: Type.String({ description: 'code (a one-time code), reply (an agent’s e-mail reply), …' }),
  to: Type.String({ description: 'the recipient, masked: "+852 ****1234", "c***@example.com"' }),
  status: Status,
  attempts: Type.Integer({ description: 'tries so far' }),
  reason: Type.Union([Type.String(), Type.Null()], { description: 'why the last try failed, as an error code (ECONNREFUSED, EENVELOPE 550, SMS_GATEWAY_503)' }),
  createdAt: Type.String({ format: 'date-time' }),
});
export type QueuedMessageView = Static<typeof QueuedMessageView>;

export const OutboxReport = Type.Object({
  counts: Type.Object(
    { pending: Type.Integer(), sent: Type.Integer(), failed: Type.Integer(), expired: Type.Integer() },
    { description: 'messages by status; sent and expired ones are kept a week' },
  ),
  failures: Type.Array(QueuedMessageView, { description: 'messages given up (failed after the last try, or expired unsent), newest first' }),
});
export type OutboxReport = Static<typeof OutboxReport>;
