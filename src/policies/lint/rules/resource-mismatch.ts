/**
 * ARNs fit the resource types of the actions they are paired with (Parliament's RESOURCE_MISMATCH):
 * a named action whose resource types none of the statement's ARNs can match applies to nothing,
 * which in an Allow grants nothing and in a Deny protects nothing. Action wildcards need only one
 * matching action per ARN.
 */
import { globsIntersect } from '../../evaluate/glob';
import type { CatalogueAction } from '../catalogue';
import type { Rule, RuleFinding } from '../finding';
import { stringList } from '../statements';

/** `arn:${Partition}:s3:::${BucketName}/${ObjectName}` → a wildcard pattern. */
function formatPattern(format: string): string {
  return format.replace(/\$\{[^}]+\}/g, '*');
}

/** IAM policy variables are filled per request; read them as wildcards here. */
function resourcePattern(resource: string): string {
  return resource.replace(/\$\{[^}]+\}/g, '*');
}

function fits(action: CatalogueAction, resource: string): boolean {
  return action.arnFormats.some((f) => globsIntersect(formatPattern(f), resourcePattern(resource)));
}

export const resourceMismatch: Rule = ({ statements, catalogue, kind }) => {
  if (kind === 'trust-policy') return [];
  const out: RuleFinding[] = [];
  for (const s of statements) {
    const resources = stringList(s.statement.Resource).filter((r) => r !== '*');
    if (resources.length === 0) continue;
    for (const r of resources) {
      if (!/^arn:[^:]*:[^:]*:[^:]*:[^:]*:.+/.test(r)) out.push({ statement: s.label, message: `Resource "${r}" is not an ARN (arn:partition:service:region:account:resource) or "*"`, value: r });
    }
    const arns = resources.filter((r) => r.startsWith('arn:'));
    if (arns.length === 0) continue;
    for (const pattern of stringList(s.statement.Action)) {
      if (pattern === '*') continue;
      const actions = catalogue.actionsMatching(pattern);
      if (actions.length === 0) continue;
      if (/[*?]/.test(pattern)) {
        for (const r of arns) {
          if (!actions.some((a) => fits(a, r))) out.push({ statement: s.label, message: `Resource "${r}" fits no resource type of the actions "${pattern}" covers`, value: r });
        }
      } else {
        const [a] = actions;
        if (a.arnFormats.length === 0) {
          out.push({ statement: s.label, message: `Action "${pattern}" supports no resource-level permissions and applies only with Resource "*"`, value: pattern });
        } else if (!arns.some((r) => fits(a, r))) {
          out.push({ statement: s.label, message: `Action "${pattern}" applies to none of the statement's resources (it takes ${a.arnFormats.join(', ')})`, value: pattern });
        }
      }
    }
  }
  return out;
};
