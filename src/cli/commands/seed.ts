// `ykt seed`: builds the demo data (idempotent) and prints how to sign in with it.
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { DOCUMENT_LABELS } from '../../domain/documents.ts';
import { DEMO_DOCUMENTS, DEMO_STAFF, demoCardRows, seedDemo } from '../../services/demo/seed.ts';
import { openSystem } from '../../system.ts';

export function printDemoGuide(): void {
  console.log('\nDemo sign-ins (give any e-mail or mobile number at a first sign-in; the code lands in the demo outbox, never in a log):');
  for (const d of DEMO_DOCUMENTS) {
    const channel = d.type === 'residence-permit' ? 'app' : 'kit';
    console.log(`  /api/v1/${channel}  ${d.type.padEnd(17)} ${d.number}${d.state ? ` state ${d.state}` : ''}   (${DOCUMENT_LABELS[d.type].en})`);
  }
  const free = demoCardRows().filter((r) => r.state === 'active' && r.medium === 'physical');
  console.log(`Demo cards to upgrade: ${free.slice(0, 4).map((r) => r.number).join(', ')} …`);
  console.log('Demo staff sign-ins (POST /api/v1/staff-session/login):');
  for (const m of DEMO_STAFF) console.log(`  ${m.role.padEnd(9)} ${m.username} / ${m.password}`);
}

export function registerSeedCommand(program: Command): void {
  program
    .command('seed')
    .description('build the demo data: the agreement, cards of every product and state, a person per document type')
    .action(async () => {
      const system = await openSystem(loadConfig());
      const seeded = await seedDemo(system.ctx);
      const { inserted, updated, unchanged } = seeded.cards;
      console.log(`Cards: ${inserted} inserted, ${updated} updated, ${unchanged} unchanged`);
      printDemoGuide();
      await system.close();
    });
}
