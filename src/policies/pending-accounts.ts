/**
 * What policy reports say about accounts that do not exist yet: they are reviewed like any other,
 * with their placeholder id (`PENDING-<name>`) wherever their id goes, and created on apply.
 */
import { join } from 'node:path';
import { LOCK_FILE } from '../config/load';
import { displayPath } from '../config/paths';
import { CREATED_ON_APPLY } from '../config/pending';
import type { PolicyModel } from './model';

const LISTED = 20;

/** One line naming the pending accounts, or undefined when every account has an id. */
export function pendingAccountsNote(model: PolicyModel): string | undefined {
  const pending = model.accounts.filter((a) => a.pending && a.kind !== 'management');
  if (!model.lz.lock) {
    const lock = displayPath(join(model.lz.configDir, LOCK_FILE));
    return `${lock} does not exist yet, so every account is reviewed with a placeholder id (PENDING-<account-name>); ${pending.length} accounts are ${CREATED_ON_APPLY}, and \`lz deploy\` records the ids.`;
  }
  if (pending.length === 0) return undefined;
  const shown = pending.slice(0, LISTED).map((a) => `${a.name} (${a.id})`);
  const more = pending.length > LISTED ? ` and ${pending.length - LISTED} more` : '';
  const noun = pending.length === 1 ? 'account is' : 'accounts are';
  return `${pending.length} ${noun} ${CREATED_ON_APPLY}, reviewed with placeholder ids: ${shown.join(', ')}${more}.`;
}
