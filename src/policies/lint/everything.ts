/**
 * Whether an Action or Resource element covers everything, however it is spelled: `*`, `*:*`,
 * `??*:*`, `arn:*`, `arn:aws:*:*:*:*`, `*:*:*`, a NotAction that excludes no real action, a
 * NotResource that excludes nothing. Lint treats all of them as the `*` they amount to.
 */
import { arnMatches } from '../evaluate/arn';
import { globMatches } from '../evaluate/glob';
import type { Catalogue } from './catalogue';
import type { LintStatement } from './finding';
import { stringList } from './statements';

/** Real actions of every shape: the shortest service prefix and name, and long ones. */
const ACTION_PROBES = ['s3:GetObject', 'ec2:RunInstances', 'a4b:ab', 'iam:PassRole', 'execute-api:Invoke', 'aws-marketplace:Subscribe'];

/** ARNs of every shape in each partition: no region or account, a colon or a slash in the resource, none. */
const ARN_PROBES = ['aws', 'aws-cn', 'aws-us-gov'].flatMap((p) => [
  `arn:${p}:s3:::bucket`,
  `arn:${p}:s3:::bucket/key/with:colon`,
  `arn:${p}:iam::123456789012:role/path/Name`,
  `arn:${p}:ec2:eu-west-1:123456789012:instance/i-0123456789abcdef0`,
  `arn:${p}:sns:us-east-1:123456789012:topic`,
  `arn:${p}:lambda:us-east-1:123456789012:function:name:alias`,
]);

/** Whether an Action pattern is made of wildcards only and matches every action. */
export function coversEveryAction(pattern: string): boolean {
  return /^[*?:]+$/.test(pattern) && ACTION_PROBES.every((a) => globMatches(pattern, a, true));
}

/** Whether a Resource pattern matches every ARN of its partition (`*`, `arn:*`, `arn:aws:*:*:*:*`...). */
export function coversEveryResource(pattern: string): boolean {
  if (pattern === '*') return true;
  const partition = /^arn:(aws[\w-]*):/.exec(pattern)?.[1];
  const probes = partition ? ARN_PROBES.filter((a) => a.startsWith(`arn:${partition}:`)) : ARN_PROBES;
  return probes.length > 0 && probes.every((a) => arnMatches(pattern, a));
}

/** How an element covers everything: in words, and the value to point at in the template. */
export interface Everything {
  readonly words: string;
  readonly value: string;
}

/** How a statement grants every action, or undefined when it does not. */
export function everyAction(s: LintStatement, catalogue: Catalogue): Everything | undefined {
  const action = s.statement.Action;
  if (action !== undefined) {
    const all = stringList(action).find(coversEveryAction);
    return all === undefined ? undefined : { words: `"Action": ${JSON.stringify(all)}`, value: all };
  }
  const not = s.statement.NotAction;
  if (not === undefined) return undefined;
  const excluded = stringList(not).filter((p) => catalogue.actionsMatching(p).length > 0);
  if (excluded.length > 0) return undefined;
  return stringList(not).length === 0
    ? { words: '"NotAction": []', value: 'NotAction' }
    : { words: `"NotAction": ${JSON.stringify(not)}, which excludes no action`, value: 'NotAction' };
}

/** How a statement covers every resource, in words, or undefined when it does not. */
export function everyResource(s: LintStatement): string | undefined {
  const resource = s.statement.Resource;
  if (resource !== undefined) {
    const all = stringList(resource).find(coversEveryResource);
    return all === undefined ? undefined : `"Resource": ${JSON.stringify(all)}`;
  }
  const not = s.statement.NotResource;
  if (not !== undefined && stringList(not).length === 0) return '"NotResource": []';
  return undefined;
}
