// Writes a project folder with the example organization plus `products` generated products of
// three environments each (prod, staging, dev), with account ids in the lock file: an organization
// of any size for benchmarks and tests. Used by scripts/bench.js and test/synth.
'use strict';
const { cpSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const repo = join(__dirname, '..');

/**
 * A VPC range per generated account: /19s in 10.100.0.0 to 10.255.255.255 for the first 310
 * products, then /22s from 10.50.0.0 (up to 1,000 accounts and more without overlap).
 */
function cidrOf(p, e) {
  if (p < 310) return `10.${100 + Math.floor(p / 2)}.${(p % 2) * 128 + e * 32}.0/19`;
  const k = (p - 310) * 3 + e;
  if (k >= 64 * 40) throw new Error(`generate-org: no VPC range left for product ${p}`);
  return `10.${50 + Math.floor(k / 64)}.${(k % 64) * 4}.0/22`;
}

function generateOrganization(dir, products) {
  cpSync(join(repo, 'config'), join(dir, 'config'), { recursive: true });
  cpSync(join(repo, 'policies'), join(dir, 'policies'), { recursive: true });
  // The example's product stacks (products/<product>/stack.ts) belong to the project like its config.
  cpSync(join(repo, 'products'), join(dir, 'products'), { recursive: true, filter: (src) => !src.endsWith('.test.ts') });
  const lock = [readFileSync(join(dir, 'config', 'accounts.lock.yaml'), 'utf8').trimEnd()];
  for (let p = 0; p < products; p++) {
    const name = `gen${String(p).padStart(3, '0')}`;
    const envs = ['prod', 'staging', 'dev'].map((env, e) => {
      const id = String(600000000000 + p * 10 + e);
      lock.push(`  ${name}-${env}: { id: "${id}", email: aws+${name}-${env}@acme.example, ouPath: ${env === 'prod' ? 'Workloads/Prod' : 'Workloads/NonProd'}, status: ACTIVE }`);
      return [
        `  ${env}:`,
        `    account: { name: ${name}-${env}, email: aws+${name}-${env}@acme.example }`,
        `    ou: ${env === 'prod' ? 'Workloads/Prod' : 'Workloads/NonProd'}`,
        '    regions: [eu-west-1]',
        `    segment: ${env === 'prod' ? 'prod' : 'nonprod'}`,
        `    vpc: { cidr: ${cidrOf(p, e)} }`,
      ].join('\n');
    });
    writeFileSync(
      join(dir, 'config', 'products', `${name}.yaml`),
      `name: ${name}\nowner: { team: Team ${p}, email: ${name}@acme.example }\ncostCentre: CC-${p}\nenvironments:\n${envs.join('\n')}\n`,
    );
  }
  writeFileSync(join(dir, 'config', 'accounts.lock.yaml'), `${lock.join('\n')}\n`);
}


module.exports = { generateOrganization };
