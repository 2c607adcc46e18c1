// What a holder's data export holds (GET …/me/export): their own data in clear, going to them.
import { Type } from 'typebox';
import { BindingView } from './schemas.ts';

const Iso = Type.String({ format: 'date-time' });
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const MyDataExport = Type.Object({
  exportedAt: Iso,
  person: Type.Object({
    documentType: Type.String(),
    documentNumber: nullable(Type.String()),
    issuingState: nullable(Type.String()),
    name: nullable(Type.String()),
    since: Iso,
    contact: nullable(Type.Object({ kind: Type.String(), value: Type.String(), verifiedAt: Iso }, { description: 'where sign-in codes go, as proven' })),
  }),
  bindings: Type.Array(Type.Object({ ...BindingView.properties, cardNumber: Type.String() })),
  agreementsAccepted: Type.Array(Type.Object({ version: Type.Integer(), acceptedAt: Iso })),
  taps: Type.Array(
    Type.Object({ cardNumber: Type.String(), at: Iso, terminalId: Type.String(), decision: Type.String(), online: Type.Boolean(), assisted: Type.Boolean() }),
  ),
  tickets: Type.Array(Type.Object({ ticket: Type.Ref('TicketView'), messages: Type.Array(Type.Ref('TicketMessageView')) })),
  healthRecord: nullable(
    Type.Object(
      { recordId: Type.String(), colour: Type.String(), testedAt: nullable(Iso), recordedAt: Iso },
      { description: 'the latest record the health authority sent about my document: code colour and latest negative test' },
    ),
  ),
  signIns: Type.Array(
    Type.Object({ channel: Type.String(), at: Iso, expiresAt: Iso, endedAt: nullable(Iso) }, { description: 'a sign-in: its session, until it expired or was ended' }),
  ),
});
