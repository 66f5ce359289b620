/**
 * IAM policy variables in resources and condition values: `${aws:username}`, `${aws:PrincipalTag/team}`,
 * a default after a comma (`${aws:username, 'nobody'}`), and the escapes `${*}`, `${?}`, `${$}`,
 * which stand for the literal characters, never for wildcards (IAM User Guide, "IAM policy
 * elements: Variables and tags", special characters). A variable's value is literal text too. A
 * variable whose key is missing from the request (or holds a list) and has no default makes the
 * string match nothing, as IAM does.
 */
import type { FilledPattern, Pattern } from './glob';
import { contextValue, type ContextValue } from './request';

const VARIABLE = /\$\{([^}]*)\}/g;

/** Fills the variables of a policy string; undefined when one has no value. */
export function substituteVariables(text: string, context: Readonly<Record<string, ContextValue>>): Pattern | undefined {
  if (!text.includes('${')) return text;
  let out = '';
  const literal: number[] = [];
  let last = 0;
  const addLiteral = (value: string) => {
    for (let i = 0; i < value.length; i++) if (value[i] === '*' || value[i] === '?') literal.push(out.length + i);
    out += value;
  };
  for (const m of text.matchAll(VARIABLE)) {
    out += text.slice(last, m.index);
    last = m.index + m[0].length;
    const name = m[1];
    if (name === '*' || name === '?' || name === '$') {
      addLiteral(name);
      continue;
    }
    const comma = name.indexOf(',');
    const key = (comma < 0 ? name : name.slice(0, comma)).trim();
    const fallback = comma < 0 ? undefined : /^\s*'(.*)'\s*$/.exec(name.slice(comma + 1))?.[1];
    const value = contextValue(context, key);
    if (typeof value === 'string') addLiteral(value);
    else if (fallback !== undefined) addLiteral(fallback);
    else return undefined;
  }
  out += text.slice(last);
  const filled: FilledPattern = { text: out, literal };
  return literal.length ? filled : out;
}
