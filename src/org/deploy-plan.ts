/**
 * What `lz deploy` runs: the named stacks and every stack they depend on, in dependency order,
 * and the terraform binary that applies them.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { EXIT, LzError } from '../errors';
import type { StackDefinition } from '../contract/stages';
import type { LandingZone } from '../config/model';

/**
 * `payments/prod` names the product's own stack `product-payments-prod` when the app has one, else
 * the baseline of the environment's account (`baseline-payments-prod`): the account prepared for
 * the product. Any other word is a stack name.
 */
export function stackNameOf(target: string, definitions: readonly StackDefinition[] = [], lz?: LandingZone): string {
  const m = /^([a-z][a-z0-9-]*)\/([a-z][a-z0-9-]*)$/.exec(target);
  if (!m) return target;
  const product = `product-${m[1]}-${m[2]}`;
  if (definitions.some((d) => d.name === product)) return product;
  const account = lz?.accounts.find((a) => a.product === m[1] && a.environment === m[2]);
  return account ? `baseline-${account.name}` : product;
}

/** The stacks to apply, dependencies first; definitions' own order breaks ties. */
export function deployOrder(definitions: readonly StackDefinition[], targets: readonly string[], lz?: LandingZone): string[] {
  const byName = new Map(definitions.map((d) => [d.name, d]));
  const nameOf = (t: string) => stackNameOf(t, definitions, lz);
  const wanted = targets.length ? targets.map(nameOf) : definitions.map((d) => d.name);
  const unknown = targets.filter((t) => !byName.has(nameOf(t)));
  if (unknown.length) {
    const environments = (lz?.accounts ?? []).filter((a) => a.product).map((a) => `${a.product}/${a.environment}`);
    throw LzError.of(
      'command line',
      `unknown stack ${unknown.map((u) => JSON.stringify(u)).join(', ')}`,
      `name one or more of ${definitions.map((d) => d.name).join(', ')}${environments.length ? `, or a product environment: ${environments.join(', ')}` : ' (a product environment as PRODUCT/ENV)'}`,
    );
  }
  const needed = new Set<string>();
  const visit = (name: string, path: readonly string[]) => {
    if (path.includes(name)) throw new Error(`internal: stack dependency cycle ${[...path, name].join(' -> ')}`);
    if (needed.has(name)) return;
    for (const dep of byName.get(name)?.dependsOn ?? []) visit(dep, [...path, name]);
    needed.add(name);
  };
  for (const name of wanted) visit(name, []);
  // Kahn's order over the needed set, ties by definition order, so the same request always runs the same way.
  const order: string[] = [];
  const done = new Set<string>();
  while (order.length < needed.size) {
    const next = definitions.find((d) => needed.has(d.name) && !done.has(d.name) && d.dependsOn.every((dep) => done.has(dep)));
    if (!next) throw new Error('internal: stack dependencies cannot be ordered');
    order.push(next.name);
    done.add(next.name);
  }
  return order;
}

/** The terraform binary on PATH (or the one named), or one clear error. */
export function findTerraform(binary: string, path = process.env.PATH ?? ''): string {
  const candidates = binary.includes('/') ? [binary] : path.split(delimiter).filter(Boolean).map((dir) => join(dir, binary));
  for (const file of candidates) {
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  throw LzError.of(
    'command line',
    `${binary} is not installed: it is not on PATH`,
    'install Terraform 1.10 or newer (or OpenTofu and pass --terraform tofu), or use lz deploy --dry-run to see the commands',
    EXIT.failure,
  );
}
