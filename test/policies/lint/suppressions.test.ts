/**
 * Suppressions: each one covers the rule it names, in the documents of its own template, and only
 * the statement it names when it names one; a suppression that covers nothing is reported as
 * unused; an Allow with NotAction fails lint until a suppression accepts it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LandingZone } from '../../../src/config/model';
import type { Json } from '../../../src/policies/document';
import { formatText } from '../../../src/policies/lint/format';
import { lintDocuments, lintFails } from '../../../src/policies/lint/lint';
import type { ModelDocument, PolicyModel } from '../../../src/policies/model';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lz-suppressions-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A role identity policy rendered from `policies/<name>.json` in the project. */
function template(name: string, statements: Json[], suppressions?: string): ModelDocument {
  const document: Json = { Version: '2012-10-17', Statement: statements };
  const file = join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  if (suppressions !== undefined) writeFileSync(join(dir, `${name}.suppressions.yaml`), suppressions);
  return { stack: 'baseline-a', id: `baseline-a/${name}`, name, kind: 'identity-policy', document, attachedTo: ['role:a/R'], template: file };
}

function model(documents: ModelDocument[]): PolicyModel {
  return { lz: { projectDir: dir } as LandingZone, organizationId: 'o-test', documents, accounts: [], roles: [], resources: [] };
}

const notAction = (sid: string): Json => ({ Sid: sid, Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn:aws:s3:::bucket/*' });

describe('lint suppressions', () => {
  it('an Allow with NotAction fails lint, and passes once a suppression with a reason accepts it', async () => {
    // GIVEN an identity policy that allows with NotAction
    const bare = template('not-action', [notAction('Everything')]);
    // WHEN lint runs THEN it fails with the error
    const failing = await lintDocuments(model([bare]));
    expect(lintFails(failing)).toBe(true);
    expect(failing.findings.map((f) => `${f.severity} ${f.id} ${f.statement}: ${f.message}`)).toEqual([
      'error allow-not-element Everything: allows with NotAction: everything not listed is granted',
    ]);
    // AND WHEN a suppression names it THEN lint passes and shows it suppressed
    const accepted = template('not-action', [notAction('Everything')], '- id: allow-not-element\n  statement: Everything\n  reason: the data role reads any object but never IAM\n');
    const passing = await lintDocuments(model([accepted]));
    expect(lintFails(passing)).toBe(false);
    expect(passing.findings.map((f) => f.suppressed)).toEqual([{ reason: 'the data role reads any object but never IAM', file: expect.stringMatching(/not-action\.suppressions\.yaml$/) }]);
  });

  it('a suppression naming a statement covers that statement only; one naming none covers the whole document for its rule only', async () => {
    // GIVEN two NotAction statements, one suppressed by Sid
    const bySid = template('two', [notAction('Accepted'), notAction('NotAccepted')], '- id: allow-not-element\n  statement: Accepted\n  reason: reviewed by the security team in ticket SEC-12\n');
    // WHEN lint runs THEN only the named statement is suppressed
    const r = await lintDocuments(model([bySid]));
    expect(r.findings.map((f) => `${f.statement} ${f.suppressed ? 'suppressed' : 'open'}`)).toEqual(['Accepted suppressed', 'NotAccepted open']);
    expect(lintFails(r)).toBe(true);
    // AND a suppression without a statement covers both statements, but not another rule's finding
    const whole = template(
      'whole',
      [notAction('One'), notAction('Two'), { Sid: 'Admin', Effect: 'Allow', Action: '*', Resource: '*' }],
      '- id: allow-not-element\n  reason: reviewed by the security team in ticket SEC-12\n',
    );
    const w = await lintDocuments(model([whole]));
    expect(w.findings.map((f) => `${f.id} ${f.statement} ${f.suppressed ? 'suppressed' : 'open'}`)).toEqual([
      'allow-full-access Admin open',
      'pass-role-any Admin open',
      'allow-not-element One suppressed',
      'allow-not-element Two suppressed',
    ]);
  });

  it("a template's suppressions do not cover another template's documents", async () => {
    // GIVEN two templates with the same finding, only the first with a suppressions file
    const first = template('first', [notAction('Same')], '- id: allow-not-element\n  statement: Same\n  reason: reviewed by the security team in ticket SEC-12\n');
    const second = template('second', [notAction('Same')]);
    // WHEN lint runs on both THEN the second's finding stays open
    const r = await lintDocuments(model([first, second]));
    expect(r.findings.map((f) => `${f.document} ${f.suppressed ? 'suppressed' : 'open'}`)).toEqual(['baseline-a/first suppressed', 'baseline-a/second open']);
    expect(r.unusedSuppressions).toEqual([]);
  });

  it('reports suppressions that match no finding, by file, rule and statement', async () => {
    // GIVEN a suppression for a statement that does not exist and one for a rule with no finding
    const doc = template(
      'stale',
      [notAction('Real')],
      '- id: allow-not-element\n  statement: Real\n  reason: reviewed by the security team in ticket SEC-12\n' +
        '- id: allow-not-element\n  statement: Gone\n  reason: this statement was removed last quarter\n' +
        '- id: pass-role-any\n  reason: there used to be a PassRole on any role here\n',
    );
    // WHEN lint runs
    const r = await lintDocuments(model([doc]));
    // THEN the two stale entries are listed, and the text tells the reader to remove them
    expect(r.unusedSuppressions.map((s) => `${s.id} ${s.statement ?? '(any statement)'}`)).toEqual(['allow-not-element Gone', 'pass-role-any (any statement)']);
    const text = formatText(r).split('\n');
    expect(text).toContain('Unused suppressions (2), remove them:');
    expect(text.filter((l) => l.endsWith('matches no finding')).map((l) => l.replace(/^.*stale\.suppressions\.yaml/, 'stale.suppressions.yaml'))).toEqual([
      'stale.suppressions.yaml: allow-not-element statement Gone matches no finding',
      'stale.suppressions.yaml: pass-role-any matches no finding',
    ]);
  });
});
