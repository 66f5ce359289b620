/**
 * The policy model is complete by construction: after synthesis, every attribute of every resource
 * in a stack's Terraform JSON that holds an IAM policy document must hold a document the stack
 * recorded (src/policies/registry.ts), or synth fails naming the stack and the resource address.
 * Otherwise lint, diff and prove would review a model that misses what is deployed (an inline
 * `{"Action":"*","Resource":"*"}` added without recordPolicy).
 *
 * Policy-bearing attributes are found two ways, so a resource type missing from the list below is
 * still caught: the attributes the AWS provider documents as holding a policy document, and any
 * string attribute of any resource that parses as a JSON object with a `Statement`.
 */
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TerraformStack } from 'cdktf';
import { LzError, type Problem } from '../errors';
import { sortKeys, type Json } from '../policies/document';
import { policiesOf } from '../policies/registry';
import { readSynthOutput } from '../policies/synth-output';

/** Resource types and the attributes that hold an IAM policy document (hashicorp/aws 6.x). */
export const POLICY_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_iam_role: ['assume_role_policy', 'inline_policy.policy'],
  aws_iam_role_policy: ['policy'],
  aws_iam_policy: ['policy'],
  aws_iam_user_policy: ['policy'],
  aws_iam_group_policy: ['policy'],
  aws_s3_bucket: ['policy'],
  aws_s3_bucket_policy: ['policy'],
  aws_s3_access_point: ['policy'],
  aws_s3control_access_point_policy: ['policy'],
  aws_s3control_bucket_policy: ['policy'],
  aws_kms_key: ['policy'],
  aws_kms_key_policy: ['policy'],
  aws_kms_replica_key: ['policy'],
  aws_kms_external_key: ['policy'],
  aws_sqs_queue: ['policy'],
  aws_sqs_queue_policy: ['policy'],
  aws_sns_topic: ['policy'],
  aws_sns_topic_policy: ['policy'],
  aws_secretsmanager_secret: ['policy'],
  aws_secretsmanager_secret_policy: ['policy'],
  aws_organizations_policy: ['content'],
  aws_organizations_resource_policy: ['content'],
  aws_cloudwatch_log_resource_policy: ['policy_document'],
  aws_cloudwatch_log_destination_policy: ['access_policy'],
  aws_cloudwatch_event_bus_policy: ['policy'],
  aws_ecr_repository_policy: ['policy'],
  aws_ecr_registry_policy: ['policy'],
  aws_ecrpublic_repository_policy: ['policy'],
  aws_efs_file_system_policy: ['policy'],
  aws_backup_vault_policy: ['policy'],
  aws_glacier_vault: ['access_policy'],
  aws_api_gateway_rest_api: ['policy'],
  aws_api_gateway_rest_api_policy: ['policy'],
  aws_elasticsearch_domain: ['access_policies'],
  aws_elasticsearch_domain_policy: ['access_policies'],
  aws_opensearch_domain: ['access_policies'],
  aws_opensearch_domain_policy: ['access_policies'],
  aws_vpc_endpoint: ['policy'],
  aws_vpc_endpoint_policy: ['policy'],
  aws_dynamodb_resource_policy: ['policy'],
  aws_kinesis_resource_policy: ['policy'],
  aws_glue_resource_policy: ['policy'],
  aws_codeartifact_domain_permissions_policy: ['policy_document'],
  aws_codeartifact_repository_permissions_policy: ['policy_document'],
  aws_schemas_registry_policy: ['policy'],
  aws_xray_resource_policy: ['policy_document'],
  aws_networkfirewall_resource_policy: ['policy'],
  aws_acmpca_policy: ['policy'],
  aws_media_store_container_policy: ['policy'],
  aws_ssoadmin_permission_set_inline_policy: ['inline_policy'],
  aws_lambda_function_url: [],
};

/** `aws_organizations_policy` types whose content is not an IAM policy (tag, backup, AI opt-out, chat policies have their own grammars). */
const NON_IAM_ORGANIZATIONS_POLICY_TYPES = new Set(['TAG_POLICY', 'BACKUP_POLICY', 'AISERVICES_OPT_OUT_POLICY', 'CHATBOT_POLICY', 'DECLARATIVE_POLICY_EC2']);

function canonical(document: unknown): string {
  return JSON.stringify(sortKeys(document as Json));
}

/**
 * A string of the deployed document as Terraform reads it: literal text, where `$${` and `%%{` are
 * the literal `${` and `%{` (stacks/landing-zone-stack.ts terraformLiteral), and `${...}`
 * interpolations of values known only at apply time (an ARN of a resource in the same stack).
 */
function templateParts(text: string): { literal: string; interpolated: boolean; pattern?: RegExp } {
  if (!text.includes('{')) return { literal: text, interpolated: false };
  let literal = '';
  let pattern = '';
  let interpolated = false;
  for (let i = 0; i < text.length; ) {
    if ((text.startsWith('$${', i) || text.startsWith('%%{', i))) {
      literal += `${text[i]}{`;
      pattern += `\\${text[i]}\\{`;
      i += 3;
    } else if (text.startsWith('${', i) || text.startsWith('%{', i)) {
      let depth = 0;
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === '{') depth++;
        else if (text[j] === '}' && --depth === 0) break;
      }
      interpolated = true;
      pattern += '.+';
      i = j + 1;
    } else {
      literal += text[i];
      pattern += text[i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    }
  }
  return interpolated ? { literal, interpolated, pattern: new RegExp(`^${pattern}$`, 's') } : { literal, interpolated };
}

/** The deployed document with its literal strings unescaped; `interpolated` when some string holds an apply-time value. */
function parseDocument(value: unknown): { document: Json; interpolated: boolean } | undefined {
  if (typeof value !== 'string') return undefined;
  let raw: Json;
  try {
    raw = JSON.parse(value) as Json;
  } catch {
    return undefined;
  }
  let interpolated = false;
  const walk = (v: Json): Json => {
    if (typeof v === 'string') {
      const parts = templateParts(v);
      interpolated ||= parts.interpolated;
      return parts.literal;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x as Json)]));
    return v;
  };
  return { document: walk(raw), interpolated };
}

/**
 * Whether a deployed document with apply-time values matches a recorded one: the same structure
 * and literals, each interpolated string matching the recorded string at its place (which names
 * the value as the model knows it, e.g. a stand-in for the principal that applies the stack).
 */
function matchesWithInterpolations(deployed: Json, recorded: Json): boolean {
  if (typeof deployed === 'string') {
    if (typeof recorded !== 'string') return false;
    const parts = templateParts(deployed);
    return parts.pattern ? parts.pattern.test(recorded) : parts.literal === recorded;
  }
  if (Array.isArray(deployed)) {
    return Array.isArray(recorded) && deployed.length === recorded.length && deployed.every((d, i) => matchesWithInterpolations(d, recorded[i]));
  }
  if (deployed && typeof deployed === 'object') {
    if (!recorded || typeof recorded !== 'object' || Array.isArray(recorded)) return false;
    const keys = Object.keys(deployed);
    return keys.length === Object.keys(recorded).length && keys.every((k) => k in recorded && matchesWithInterpolations((deployed as Record<string, Json>)[k], (recorded as Record<string, Json>)[k]));
  }
  return deployed === recorded;
}

const looksLikePolicy = (doc: Json | undefined) => doc !== null && typeof doc === 'object' && !Array.isArray(doc) && 'Statement' in doc;

/** Every `(address, value)` of a policy-bearing attribute in one resource's block. */
function policyValues(type: string, name: string, block: Record<string, unknown>): [string, unknown][] {
  const found = new Map<string, unknown>();
  for (const attribute of POLICY_ATTRIBUTES[type] ?? []) {
    const [head, tail] = attribute.split('.');
    const value = block[head];
    if (tail) {
      const items = Array.isArray(value) ? value : value && typeof value === 'object' ? [value] : [];
      items.forEach((item, i) => {
        if (item && typeof item === 'object' && (item as Record<string, unknown>)[tail] !== undefined) {
          found.set(`${type}.${name}.${head}[${i}].${tail}`, (item as Record<string, unknown>)[tail]);
        }
      });
    } else if (value !== undefined) {
      if (type === 'aws_organizations_policy' && NON_IAM_ORGANIZATIONS_POLICY_TYPES.has(String(block.type))) continue;
      found.set(`${type}.${name}.${head}`, value);
    }
  }
  // Any other attribute, at any depth, that holds a JSON policy document.
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'string') {
      if (!found.has(path) && value.includes('Statement') && looksLikePolicy(parseDocument(value)?.document)) found.set(path, value);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${path}[${i}]`));
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`);
    }
  };
  for (const [k, v] of Object.entries(block)) {
    if (k !== 'lifecycle' && k !== 'depends_on' && k !== 'provider' && k !== '//') walk(v, `${type}.${name}.${k}`);
  }
  return [...found];
}

/** The problems of one stack: each policy-bearing attribute whose document the stack did not record. */
export function uncoveredPolicies(stackName: string, terraform: { resource?: Record<string, Record<string, Record<string, unknown>>> }, recorded: readonly Json[]): Problem[] {
  const model = new Set(recorded.map(canonical));
  const problems: Problem[] = [];
  for (const [type, resources] of Object.entries(terraform.resource ?? {})) {
    for (const [name, block] of Object.entries(resources)) {
      for (const [address, value] of policyValues(type, name, block)) {
        // Most attributes hold a recorded document in its canonical form, with nothing Terraform
        // reads as a template: the text itself is in the model, no parsing needed.
        if (typeof value === 'string' && model.has(value) && !value.includes('${') && !value.includes('%{')) continue;
        const parsed = parseDocument(value);
        if (parsed === undefined) {
          problems.push({
            file: `stack ${stackName}`,
            path: address,
            message: 'holds a policy that is not a literal JSON document, so no review can read it',
            fix: 'build the document in the stack as JSON and record it with recordPolicy (or use the product kit grant methods)',
          });
        } else if (!model.has(canonical(parsed.document)) && !(parsed.interpolated && recorded.some((r) => matchesWithInterpolations(JSON.parse(value as string) as Json, r)))) {
          problems.push({
            file: `stack ${stackName}`,
            path: address,
            message: 'holds a policy document that is not in the policy model, so lint, diff and prove would not see it',
            fix: 'record it with recordPolicy from src/policies/registry (or use the product kit grant methods, which record it)',
          });
        }
      }
    }
  }
  return problems;
}

/** Fails, naming every stack and resource, when a synthesized stack in `outDir` holds a policy document it did not record. */
export function checkPolicyCoverage(outDir: string, stacks: readonly TerraformStack[]): void {
  const problems: Problem[] = [];
  for (const stack of stacks) {
    const terraform = JSON.parse(readFileSync(join(outDir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8'));
    problems.push(...uncoveredPolicies(stack.node.id, terraform, policiesOf(stack).map((r) => r.document)));
  }
  if (problems.length) throw new LzError(problems);
}

/**
 * The same check over a synth output written by other code: in the review workflow the pull
 * request's own `lz synth` writes it and the base's code reviews it, so a change to synthesis or to
 * recording could otherwise hide a document from the review. Every policy document a stack's
 * Terraform holds must be among the documents policies/index.json records for that stack.
 */
export function checkSynthOutputCoverage(outDir: string): void {
  const recorded = new Map<string, Json[]>();
  for (const { entry, document } of readSynthOutput(outDir)) recorded.set(entry.stack, [...(recorded.get(entry.stack) ?? []), document]);
  const problems: Problem[] = [];
  const stacksDir = join(outDir, 'stacks');
  for (const stack of existsSync(stacksDir) ? readdirSync(stacksDir).sort() : []) {
    const file = join(stacksDir, stack, 'cdk.tf.json');
    if (!existsSync(file)) continue;
    let terraform: { resource?: Record<string, Record<string, Record<string, unknown>>> };
    try {
      // A link or a non-JSON file here is forged output: refused, never read out or echoed.
      if (!lstatSync(file).isFile()) throw new Error('not a file');
      terraform = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      problems.push({ file: `stack ${stack}`, message: 'cdk.tf.json is not a Terraform JSON file', fix: 'point the review at the output folder `lz synth` wrote, unchanged' });
      continue;
    }
    problems.push(...uncoveredPolicies(stack, terraform, recorded.get(stack) ?? []));
  }
  if (problems.length) throw new LzError(problems);
}
