import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configReference } from '../../src/config/reference';
import { contractTable } from '../../src/contract/parameters';
import { REPO } from '../support/example';

const readme = readFileSync(join(REPO, 'README.md'), 'utf8');

/** The text between `<!-- NAME:start -->` and `<!-- NAME:end -->`. */
function section(name: string): string {
  const start = `<!-- ${name}:start -->\n`;
  return readme.slice(readme.indexOf(start) + start.length, readme.indexOf(`<!-- ${name}:end -->`));
}

describe('the generated sections of the README (run `node scripts/update-readme-reference.js` after a change)', () => {
  it('the config reference documents every field the schema accepts', () => {
    expect(section('config-reference')).toBe(configReference());
  });

  it('the config reference names the fields users write most, with their defaults', () => {
    expect(section('config-reference')).toContain('| `environments.<name>.vpc.nat` | `none` \\| `single` \\| `per-az` |  | NAT gateways for the private tier. @default - per-az on a production segment, none elsewhere |');
    expect(section('config-reference')).toContain('| `organizationalUnits.<name>.children` | map of name → mapping |  | Child OUs, keyed by name |');
  });

  it('the Parameter Store contract lists every parameter product stacks read', () => {
    expect(section('parameter-contract')).toBe(`${contractTable()}\n`);
    expect(section('parameter-contract')).toContain('| `/landing-zone/vpc/id` | String | `vpc.id` |');
  });
});
