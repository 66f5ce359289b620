import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configReference } from '../../src/config/reference';
import { REPO } from '../support/example';

describe('the config reference in the README', () => {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('<!-- config-reference:start -->\n') + 32, readme.indexOf('<!-- config-reference:end -->'));

  it('documents every field the schema accepts (run `node scripts/update-readme-reference.js` after a schema change)', () => {
    expect(section).toBe(configReference());
  });

  it('names the fields users write most, with their defaults', () => {
    expect(section).toContain('| `environments.<name>.vpc.nat` | `none` \\| `single` \\| `per-az` |  | NAT gateways for the private tier. @default - per-az on a production segment, none elsewhere |');
    expect(section).toContain('| `organizationalUnits.<name>.children` | map of name → mapping |  | Child OUs, keyed by name |');
  });
});
