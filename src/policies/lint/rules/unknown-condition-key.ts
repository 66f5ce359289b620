/**
 * Every condition key is a global key or a key of some service, as the IAM catalogue lists them, or,
 * in a statement that trusts an OIDC identity provider (`Principal.Federated` naming its
 * `oidc-provider/<host>`), a claim key of that provider: `<host>:aud`, `<host>:sub`, `<host>:amr` ...
 * (IAM's keys for web identity federation, e.g. `token.actions.githubusercontent.com:sub`).
 */
import type { Rule, RuleFinding } from '../finding';
import { asObject, stringList } from '../statements';

/** Claim keys IAM makes available for an OIDC provider, as the IAM User Guide lists them. */
const OIDC_CLAIM_KEYS = ['aud', 'sub', 'amr', 'azp', 'email', 'oaud', 'id'];

function oidcHosts(statement: { readonly Principal?: unknown }): string[] {
  const federated = stringList(asObject(statement.Principal as never)?.Federated);
  return federated.map((p) => /:oidc-provider\/(.+)$/.exec(p)?.[1]).filter((h): h is string => h !== undefined);
}

export const unknownConditionKey: Rule = ({ statements, catalogue }) => {
  const out: RuleFinding[] = [];
  for (const s of statements) {
    const hosts = oidcHosts(s.statement as { Principal?: unknown });
    const isClaim = (key: string) => hosts.some((h) => OIDC_CLAIM_KEYS.some((claim) => key.toLowerCase() === `${h}:${claim}`.toLowerCase()));
    for (const block of Object.values(asObject(s.statement.Condition) ?? {})) {
      for (const key of Object.keys(asObject(block) ?? {})) {
        if (!catalogue.conditionKeyExists(key) && !isClaim(key)) out.push({ statement: s.label, message: `condition key "${key}" does not exist`, value: key });
      }
    }
  }
  return out;
};
