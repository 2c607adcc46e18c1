// The stored list files readers download: snapshots and deltas, immutable once built, so a file's kind and
// versions name its bytes for good (a reader may keep them forever; shared caches, while a signed link lasts).
import { YktError } from '../../domain/errors.ts';
import type { Context } from '../context.ts';

export type ListFileKind = 'snapshot' | 'delta';

/**
 * The signed bytes of one list file; a snapshot's `from` is its own version.
 * @throws YktError LIST_NOT_FOUND when no such file was built.
 * @example const bytes = await listFile(ctx, 'delta', 41, 42);
 */
export async function listFile(ctx: Context, kind: ListFileKind, from: number, version: number): Promise<Uint8Array> {
  const bytes = await ctx.store.lists.getFile(kind, from, version);
  if (!bytes) throw new YktError('LIST_NOT_FOUND');
  return bytes;
}
