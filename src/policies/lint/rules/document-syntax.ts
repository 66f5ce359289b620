/**
 * The grammar of a policy document, per kind: what AWS would reject at apply time, found before.
 * Identity policies, boundaries and SCPs name no principal; trust, key and bucket policies must.
 * Trust policies name no resource (the role is the resource); every other kind must.
 */
import type { PolicyKind } from '../../registry';
import { parseOperator } from '../../evaluate/conditions';
import type { Rule, RuleFinding } from '../finding';
import { asObject } from '../statements';

const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);

const NAMES_PRINCIPAL: Readonly<Record<PolicyKind, boolean>> = {
  'service-control-policy': false,
  'resource-control-policy': true,
  'permissions-boundary': false,
  'identity-policy': false,
  'trust-policy': true,
  'key-policy': true,
  'bucket-policy': true,
  'resource-policy': true,
};

export const documentSyntax: Rule = ({ document, kind, statements }) => {
  const out: RuleFinding[] = [];
  const doc = asObject(document.document);
  if (!doc) return [{ message: 'the document is not a JSON object' }];
  for (const key of Object.keys(doc)) {
    if (!['Version', 'Statement', 'Id'].includes(key)) out.push({ message: `unknown top-level element "${key}" (allowed: Version, Id, Statement)`, value: key });
  }
  if (doc.Version !== '2012-10-17') {
    out.push({ message: `Version is ${JSON.stringify(doc.Version ?? null)}, but must be "2012-10-17" (older versions do not support policy variables)`, value: 'Version' });
  }
  if (statements.length === 0) out.push({ message: 'the document has no Statement' });
  const sids = new Map<string, number>();
  for (const s of statements) {
    const st = s.statement;
    const at = s.label;
    for (const key of Object.keys(st)) {
      if (!STATEMENT_KEYS.has(key)) out.push({ statement: at, message: `unknown element "${key}" (allowed: ${[...STATEMENT_KEYS].join(', ')})`, value: key });
    }
    if (typeof st.Sid === 'string') {
      if (!/^[A-Za-z0-9]*$/.test(st.Sid)) out.push({ statement: at, message: `Sid "${st.Sid}" has characters other than letters and digits`, value: st.Sid });
      sids.set(st.Sid, (sids.get(st.Sid) ?? 0) + 1);
    }
    if (st.Effect !== 'Allow' && st.Effect !== 'Deny') {
      out.push({ statement: at, message: `Effect is ${JSON.stringify(st.Effect ?? null)}, but must be "Allow" or "Deny"`, value: 'Effect' });
    }
    const pair = (a: string, b: string, required: boolean) => {
      const has = [a, b].filter((k) => st[k] !== undefined);
      if (has.length === 2) out.push({ statement: at, message: `has both ${a} and ${b}; use one`, value: b });
      else if (has.length === 0 && required) out.push({ statement: at, message: `has neither ${a} nor ${b}` });
    };
    pair('Action', 'NotAction', true);
    const principals = NAMES_PRINCIPAL[kind];
    if (kind === 'trust-policy') {
      if (st.Resource !== undefined || st.NotResource !== undefined) {
        out.push({ statement: at, message: 'a trust policy names no Resource: the role it is attached to is the resource', value: st.Resource !== undefined ? 'Resource' : 'NotResource' });
      }
    } else {
      pair('Resource', 'NotResource', true);
    }
    if (principals) pair('Principal', 'NotPrincipal', true);
    else if (st.Principal !== undefined || st.NotPrincipal !== undefined) {
      out.push({ statement: at, message: `a ${kind} names no Principal: it applies to the principals it is attached to`, value: st.Principal !== undefined ? 'Principal' : 'NotPrincipal' });
    }
    for (const key of ['Action', 'NotAction', 'Resource', 'NotResource']) {
      const v = st[key];
      if (v === undefined) continue;
      const list = Array.isArray(v) ? v : [v];
      if (list.length === 0 || list.some((x) => typeof x !== 'string' || x === '')) {
        out.push({ statement: at, message: `${key} must be a non-empty string or list of non-empty strings`, value: key });
      }
    }
    if (st.Condition !== undefined) {
      const c = asObject(st.Condition);
      if (!c) out.push({ statement: at, message: 'Condition must be an object of operators', value: 'Condition' });
      for (const [op, block] of Object.entries(c ?? {})) {
        if (!parseOperator(op)) out.push({ statement: at, message: `unknown condition operator "${op}"`, value: op });
        if (!asObject(block)) out.push({ statement: at, message: `condition operator "${op}" must hold an object of keys and values`, value: op });
      }
    }
  }
  for (const [sid, n] of sids) if (n > 1) out.push({ statement: sid, message: `Sid "${sid}" is used by ${n} statements; each Sid must be unique`, value: sid });
  return out;
};
