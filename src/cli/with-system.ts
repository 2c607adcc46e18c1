// What every operator command shares: open the configured system, run, and print a refusal (a YktError)
// as its code and both texts with exit code 1, rather than a stack trace; close the system either way.
import { loadConfig } from '../config.ts';
import { YktError } from '../domain/errors.ts';
import { openSystem, type System } from '../system.ts';

/** @example await withSystem(async ({ ctx }) => console.log(await ctx.store.cards.count())) */
export async function withSystem(run: (system: System) => Promise<void>): Promise<void> {
  const system = await openSystem(loadConfig());
  try {
    await run(system);
  } catch (error) {
    if (!(error instanceof YktError)) throw error;
    const details = error.details ? ` ${JSON.stringify(error.details)}` : '';
    console.error(`${error.code}: ${error.text.en} / ${error.text.zh}${details}`);
    process.exitCode = 1;
  } finally {
    await system.close();
  }
}
