/**
 * `Allow` of every action on every resource, however spelled (`*`, `*:*`, `arn:aws:*:*:*:*`,
 * `arn:*`, a NotAction that excludes nothing): administrator access.
 */
import { everyAction, everyResource } from '../everything';
import type { Rule, RuleFinding } from '../finding';
import { isAllow } from '../statements';

export const allowFullAccess: Rule = ({ statements, kind, catalogue }) => {
  // SCPs and boundaries set a ceiling: Allow * there grants nothing by itself.
  if (kind === 'service-control-policy' || kind === 'permissions-boundary') return [];
  const out: RuleFinding[] = [];
  for (const s of statements) {
    if (!isAllow(s)) continue;
    const actions = everyAction(s, catalogue);
    if (!actions) continue;
    // A key or trust policy's resource is the key or role itself, whatever Resource says.
    const resources = kind === 'key-policy' || kind === 'trust-policy' ? 'its resource' : everyResource(s);
    if (!resources) continue;
    out.push({ statement: s.label, message: `allows every action (${actions.words}) on every resource (${resources})`, value: actions.value });
  }
  return out;
};
