/**
 * ARN matching as IAM does it: the first five colon-separated parts (partition, service, region,
 * account) are matched one by one, so a `*` in the region never swallows the account; the
 * resource part is matched whole, colons included.
 */
import { isAccountId } from '../../config/pending';
import { globMatches, patternText, slicePattern, type Pattern } from './glob';

/** Splits an ARN into its six parts, or undefined when it has fewer than six. */
export function splitArn(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/** Splits a pattern like `splitArn`, keeping which characters are literal. */
function splitPattern(pattern: Pattern): Pattern[] | undefined {
  if (typeof pattern === 'string') return splitArn(pattern);
  const text = pattern.text;
  const out: Pattern[] = [];
  let from = 0;
  for (let n = 0; n < 5; n++) {
    const at = text.indexOf(':', from);
    if (at < 0) return undefined;
    out.push(slicePattern(pattern, from, at));
    from = at + 1;
  }
  out.push(slicePattern(pattern, from, text.length));
  return out;
}

/** Whether a Resource or ArnLike pattern matches a concrete ARN. */
export function arnMatches(pattern: Pattern, arn: string): boolean {
  if (pattern === '*') return true;
  const p = splitPattern(pattern);
  const a = splitArn(arn);
  if (!p || !a) return globMatches(pattern, arn);
  return p.every((part, i) => globMatches(part, a[i]));
}

/** The account id in an ARN (a pending account's placeholder too), or undefined when it has none (S3 buckets, for one). */
export function accountOfArn(arn: string): string | undefined {
  const a = splitArn(arn);
  return a && isAccountId(a[4]) ? a[4] : undefined;
}

export { patternText };
