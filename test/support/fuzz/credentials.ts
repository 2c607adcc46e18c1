// Every role's credentials for the fuzzer, made through the services (the HTTP sign-in routes limit one
// address), and made again when a request the fuzzer sent ended them: a logout, an account deletion, a
// reader revoked.
import { DEMO_STAFF } from '../../../src/services/demo/seed.ts';
import { requestCode, verifyCode } from '../../../src/services/holder/sign-in.ts';
import { issueEnrolment } from '../../../src/services/operator/terminals.ts';
import { residenceCheckCharacter } from '../../../src/domain/residence-permit.ts';
import { waitFor } from '../fixtures.ts';
import { call, TEST_METRICS_TOKEN, type TestSystem } from '../system.ts';

export const ROLES = ['none', 'kit', 'app', 'staff', 'agent', 'outlet', 'operator', 'terminal', 'metrics', 'forged', 'tampered'] as const;
export type Role = (typeof ROLES)[number];

const STAFF_ROLES = ['staff', 'agent', 'outlet', 'operator'] as const;

export class Credentials {
  private readonly tokens = new Map<Role, string>();
  private people = 0;

  constructor(private readonly sys: TestSystem) {}

  /** Makes every credential anew. */
  async renew(): Promise<void> {
    await Promise.all(['kit', 'app', ...STAFF_ROLES, 'terminal'].map((role) => this.renewOne(role as Role)));
    this.tokens.set('metrics', TEST_METRICS_TOKEN);
    this.tokens.set('forged', 'not-a-session.AAAA');
  }

  /** Makes one role's credential anew, after a request the fuzzer sent ended it. */
  async renewOne(role: Role): Promise<void> {
    if (role === 'kit' || role === 'app') await this.holder(role);
    else if (role === 'terminal') await this.terminal();
    else if ((STAFF_ROLES as readonly Role[]).includes(role)) await this.staff(role as (typeof STAFF_ROLES)[number]);
    // A token whose signature is wrong, for a session that exists.
    if (role === 'kit') this.tokens.set('tampered', `${this.tokens.get('kit')!.split('.')[0]}.${'A'.repeat(43)}`);
  }

  /** The Authorization header value a role sends, if any. */
  authorization(role: Role): string | undefined {
    const token = this.tokens.get(role);
    return token === undefined ? undefined : `Bearer ${token}`;
  }

  private async holder(channel: 'kit' | 'app'): Promise<void> {
    // A new person each time, away from the demo documents the fuzzer sends: those soon reach their limit of
    // codes in 10 minutes, which would stop the fuzzer's own sign-ins.
    const serial = String(++this.people).padStart(3, '0');
    const residence = `81000019900101${serial}`;
    const document = channel === 'kit' ? { type: 'passport', number: `F${serial.padStart(8, '0')}`, state: 'GBR' } : { type: 'residence-permit', number: residence + residenceCheckCharacter(residence) };
    const sent = await requestCode(this.sys.ctx, channel, { ...document, email: 'holder@example.com' });
    // A code whose first try outlasted the request is sent by the outbox worker a moment later.
    const sentCode = () => this.sys.outbox.recent().find((m) => m.challengeId === sent.challengeId)?.code;
    await waitFor(() => sentCode() !== undefined);
    const code = sentCode()!;
    this.tokens.set(channel, (await verifyCode(this.sys.ctx, channel, sent.challengeId, code)).token);
  }

  private async staff(role: (typeof STAFF_ROLES)[number]): Promise<void> {
    const member = DEMO_STAFF.find((m) => m.role === role)!;
    this.tokens.set(role, (await this.sys.app.parts.staffAuth.signIn(member.username, member.password)).token);
  }

  private async terminal(): Promise<void> {
    const { token } = await issueEnrolment(this.sys.ctx, { kind: 'metro-gate', line: 'Line 1', station: 'Fuzz' }, 'fuzz');
    const enrolled = await call(this.sys.base, 'POST', '/api/v1/terminal/enrol', { token });
    if (enrolled.status !== 201) throw new Error(`reader enrolment failed: ${JSON.stringify(enrolled.body)}`);
    this.tokens.set('terminal', enrolled.body.credentials);
  }
}
