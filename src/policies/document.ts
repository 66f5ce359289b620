/**
 * Policy documents as the landing zone writes them: placeholders filled, keys sorted, so that the
 * same config always gives the same bytes.
 */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** JSON with object keys sorted at every level; arrays keep their order (it can matter). */
export function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]);
    return out;
  }
  return value;
}

/** The form sent to AWS: sorted keys, no white space. Sizes are measured on this form. */
export function minified(doc: Json): string {
  return JSON.stringify(sortKeys(doc));
}

/** The form written for reviewers: sorted keys, two-space indent, final newline. */
export function pretty(doc: Json): string {
  return `${JSON.stringify(sortKeys(doc), null, 2)}\n`;
}
