// `ykt db migrate` and `ykt db check`: for operators running PostgreSQL (DATABASE_URL), and the same on
// the SQLite file. check changes nothing: it connects, compares the migration level with this version's,
// and confirms that the database itself holds DESIGN §4 rule 1 (the partial unique indexes).
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { connectStore, openStore } from '../../store/open-store.ts';
import type { StoreInspection } from '../../store/store.ts';

/** The rule-1 indexes every store must have: unique, on these columns, over active bindings only. */
const RULE_1 = [
  { name: 'binding_one_per_card', columns: /\(\s*"?card_id"?\s*\)/ },
  { name: 'binding_one_per_person_medium', columns: /\(\s*"?person_id"?\s*,\s*"?medium"?\s*\)/ },
];

export interface DbCheck {
  ok: boolean;
  store: string;
  migrations: { applied: string[]; pending: string[] };
  rule1: Array<{ index: string; present: boolean }>;
}

/** Judges an inspection: every migration applied and both rule-1 indexes present as partial unique indexes. */
function judge(store: string, inspection: StoreInspection): DbCheck {
  const applied = inspection.migrations.filter((m) => m.applied).map((m) => m.name);
  const pending = inspection.migrations.filter((m) => !m.applied).map((m) => m.name);
  const rule1 = RULE_1.map(({ name, columns }) => {
    const found = inspection.bindingIndexes.find((i) => i.name === name);
    const sql = found?.definition ?? '';
    return { index: name, present: /UNIQUE/i.test(sql) && columns.test(sql) && /WHERE\s*\(?\s*"?ended_at"?\s+IS\s+NULL/i.test(sql) };
  });
  return { ok: pending.length === 0 && rule1.every((r) => r.present), store, migrations: { applied, pending }, rule1 };
}

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('the store: PostgreSQL when DATABASE_URL is set, else the SQLite file in YKT_DATA_DIR');

  db.command('migrate')
    .description('apply every pending migration, and grant YKT_DB_APP_ROLE what it needs (nodes also migrate on start unless YKT_MIGRATE=false)')
    .action(async () => {
      const store = await openStore({ ...loadConfig(), migrate: true });
      try {
        const inspection = await store.inspect();
        console.log(JSON.stringify({ store: store.kind, applied: inspection.migrations.filter((m) => m.applied).map((m) => m.name) }));
      } finally {
        await store.close();
      }
    });

  db.command('check')
    .description('connectivity, migration level and the rule-1 constraints; prints JSON, exits 1 when not ok')
    .action(async () => {
      let check: DbCheck;
      try {
        const store = await connectStore(loadConfig());
        try {
          check = judge(store.kind, await store.inspect());
        } finally {
          await store.close();
        }
      } catch (error) {
        console.log(JSON.stringify({ ok: false, error: (error as Error).message }));
        process.exitCode = 1;
        return;
      }
      console.log(JSON.stringify(check, null, 2));
      if (!check.ok) process.exitCode = 1;
    });
}
