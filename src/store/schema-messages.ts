// The outbox table: messages owed to people, stored before they are sent (DESIGN §4 rule 10).
import type { Generated } from 'kysely';

export interface OutboxTable {
  id: Generated<number>;
  /** One message per cause ('code:<challenge>:<tag>', 'reply:<Message-ID>'), unique: queuing it again is a no-op. */
  dedupe_key: string;
  /** What the message is ('code', 'reply', …): for /ops and the logs. */
  kind: string;
  /** The whole message (recipient, texts, code) sealed like a contact; null once sent or expired. */
  message_sealed: string | null;
  /** The recipient as /ops may show it: "+852 ****1234", "c***@example.com". */
  to_masked: string;
  /** 'pending' until 'sent', or 'failed' after the last try, or 'expired' (a code no longer valid). */
  status: string;
  /** Tries so far, counted when a try starts, so that a message that kills its node still runs out. */
  attempts: Generated<number>;
  created_at: number;
  next_attempt_at: number;
  /** Useless after this instant (a code past its validity); null: never. */
  expires_at: number | null;
  /** A node's claim while it sends; a claim whose time passed (the node died) is due again. */
  claimed_until: number | null;
  /** What went wrong last, as an error code (ECONNECTION, SMS_GATEWAY_503): never personal data. */
  last_error: string | null;
  sent_at: number | null;
}

export interface MessagesDatabase {
  outbox: OutboxTable;
}
