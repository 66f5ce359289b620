/**
 * Document sizes as AWS measures them, on the minified form the landing zone sends:
 * SCPs and RCPs count every character (5,120); IAM policies do not count white space (managed policies and
 * boundaries 6,144, a role's inline policies 10,240 together, trust policies 2,048 by default);
 * key policies 32,768 bytes; bucket policies 20,480 bytes.
 */
import { minified } from '../../document';
import type { PolicyKind } from '../../registry';
import type { Rule } from '../finding';

export interface SizeLimit {
  readonly max: number;
  readonly unit: 'characters' | 'characters without white space' | 'bytes';
  readonly what: string;
}

export const SIZE_LIMITS: Readonly<Record<PolicyKind, SizeLimit>> = {
  'service-control-policy': { max: 5120, unit: 'characters', what: 'an SCP' },
  'resource-control-policy': { max: 5120, unit: 'characters', what: 'an RCP' },
  'permissions-boundary': { max: 6144, unit: 'characters without white space', what: 'a managed policy' },
  'identity-policy': { max: 10240, unit: 'characters without white space', what: "a role's inline policies" },
  'trust-policy': { max: 2048, unit: 'characters without white space', what: 'a trust policy (the default quota)' },
  'key-policy': { max: 32768, unit: 'bytes', what: 'a key policy' },
  'bucket-policy': { max: 20480, unit: 'bytes', what: 'a bucket policy' },
  'resource-policy': { max: 20480, unit: 'bytes', what: 'a resource policy' },
};

export function measuredSize(text: string, unit: SizeLimit['unit']): number {
  if (unit === 'bytes') return Buffer.byteLength(text, 'utf8');
  if (unit === 'characters without white space') return text.replace(/\s/g, '').length;
  return text.length;
}

export const sizeLimit: Rule = ({ document, kind }) => {
  const limit = SIZE_LIMITS[kind];
  const size = measuredSize(minified(document.document), limit.unit);
  if (size <= limit.max) return [];
  return [{ message: `is ${size} ${limit.unit}, over the ${limit.max} AWS allows for ${limit.what}` }];
};
