/**
 * IAM policy variables in resources and condition values: `${aws:username}`, `${aws:PrincipalTag/team}`,
 * and the escapes `${*}`, `${?}`, `${$}` (read here as the wildcard itself, which only widens a match). A variable whose key is missing from the request makes the
 * string match nothing, as IAM does.
 */
import { contextValue, type ContextValue } from './request';

const VARIABLE = /\$\{([^}]+)\}/g;

export function substituteVariables(text: string, context: Readonly<Record<string, ContextValue>>): string | undefined {
  if (!text.includes('${')) return text;
  let missing = false;
  const out = text.replace(VARIABLE, (_m, name: string) => {
    if (name === '*' || name === '?' || name === '$') return name;
    const [key, fallback] = name.split(/\s*,\s*/);
    const value = contextValue(context, key);
    if (typeof value === 'string') return value;
    const quoted = fallback ? /^'(.*)'$/.exec(fallback) : null;
    if (quoted) return quoted[1];
    missing = true;
    return '';
  });
  return missing ? undefined : out;
}
