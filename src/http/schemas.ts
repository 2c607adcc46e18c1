// Shapes shared by several routes; route-specific ones stay beside their routes.
import { Type } from 'typebox';

const Iso = Type.String({ format: 'date-time' });

/**
 * A version number an operator publishes (entry policy, agreement): PostgreSQL keeps versions in 32-bit
 * INTEGER columns, so a larger one would answer 500 there and be stored on SQLite (the fuzzer found it).
 */
export const NewVersion = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

/**
 * A row id in a path or body: ids are BIGINT on PostgreSQL, and JavaScript holds them exactly up to 2^53 − 1;
 * a larger "integer" (1.8e308 is one to JSON Schema) would reach the database and answer 500 (the fuzzer found it).
 */
export const RowId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

/**
 * A reader list version in a path, query or body (0: none yet). Versions are change-log sequence numbers,
 * BIGINT on PostgreSQL, held exactly up to 2^53 − 1 like row ids: 1.1e73 reached the database and answered
 * 500 there (the fuzzer found it).
 */
export const listVersion = (minimum: 0 | 1, options: { default?: number } = {}) => Type.Integer({ ...options, minimum, maximum: Number.MAX_SAFE_INTEGER });

const CardStatusKind = Type.Union(
  [
    Type.Literal('passes'),
    Type.Literal('test-expired'),
    Type.Literal('no-test'),
    Type.Literal('not-green'),
    Type.Literal('no-record'),
    Type.Literal('lost'),
    Type.Literal('blocked'),
    Type.Literal('refunded'),
  ],
  { description: "what a tap gets now under the entry policy in force: passes (until passUntil), the test expired (at passUntil), no negative test on record, the code not green, no health record, or the card's state" },
);

export const BindingView = Type.Object(
  {
    id: Type.Integer(),
    card: Type.String({ description: 'Card number, masked', examples: ['1000***********0001'] }),
    medium: Type.Union([Type.Literal('physical'), Type.Literal('nfc')]),
    product: Type.String(),
    cardState: Type.String(),
    cardStateSince: Type.Union([Iso, Type.Null()], { description: 'for a card that is not active: since when (its master data changed)' }),
    channel: Type.String(),
    agreementVersion: Type.Integer(),
    since: Iso,
    endedAt: Type.Union([Iso, Type.Null()]),
    endReason: Type.Union([Type.String(), Type.Null()], { description: 'who ended the binding: holder, refund, agent, account-deleted' }),
    status: Type.Optional(
      Type.Object({
        kind: CardStatusKind,
        passUntil: Type.Union([Iso, Type.Null()]),
        remindAt: Type.Union([Iso, Type.Null()], { description: 'when the holder is reminded that the pass lapses; null when no reminder is ahead' }),
      }, { description: 'active bindings only' }),
    ),
  },
  { $id: 'BindingView' },
);

export const Agreement = Type.Object(
  { version: Type.Integer(), zh: Type.String(), en: Type.String(), publishedAt: Iso },
  { $id: 'Agreement' },
);

export const errorResponses = {
  400: Type.Ref('ErrorReply'),
  401: Type.Ref('ErrorReply'),
  404: Type.Ref('ErrorReply'),
  409: Type.Ref('ErrorReply'),
  429: Type.Ref('ErrorReply'),
  500: Type.Ref('ErrorReply'),
  503: Type.Ref('ErrorReply'),
};

export const bearer = [{ bearer: [] as string[] }];

/**
 * A success answer that is not JSON, declared by its media type. The body is sent as it is: a Buffer
 * skips the serializer, and an event stream is written on the raw reply.
 */
export function mediaResponse(description: string, mediaType: string, schema: object) {
  return { description, content: { [mediaType]: { schema } } };
}
