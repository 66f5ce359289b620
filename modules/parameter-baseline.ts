/**
 * Writes an account's part of the Parameter Store contract (src/contract/parameters.ts). Only the
 * names of the contract can be written, so the README table and the product side never drift
 * from what the baseline publishes.
 */
import { Construct } from 'constructs';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { BASELINE_PARAMETERS, type ParameterDefinition, type ParameterKey } from '../src/contract/parameters';

export type ParameterValues = Partial<Record<ParameterKey, string | readonly string[]>>;

export interface ParameterBaselineProps {
  readonly region: string;
  readonly values: ParameterValues;
  /**
   * The key that encrypts SecureString parameters in this region (the account's data key).
   * Required when any parameter of the contract is a SecureString.
   */
  readonly secureKeyArn?: string;
  /** Parameters that hold secrets although the contract says String: written as SecureString. @default - none */
  readonly secure?: readonly ParameterKey[];
}

export class ParameterBaseline extends Construct {
  readonly parameters = new Map<ParameterKey, SsmParameter>();

  constructor(scope: Construct, id: string, props: ParameterBaselineProps) {
    super(scope, id);
    for (const key of Object.keys(props.values).sort() as ParameterKey[]) {
      const value = props.values[key]!;
      const definition: ParameterDefinition = BASELINE_PARAMETERS[key];
      const list = typeof value !== 'string';
      if (list !== (definition.type === 'StringList')) {
        throw new Error(`internal: parameter ${key} is a ${definition.type} in the contract but was given ${list ? 'a list' : 'a string'}`);
      }
      const secure = definition.type === 'SecureString' || (props.secure ?? []).includes(key);
      if (secure && !props.secureKeyArn) throw new Error(`internal: parameter ${key} is secret but no key was given to encrypt it`);
      this.parameters.set(
        key,
        new SsmParameter(this, key, {
          region: props.region,
          name: definition.name,
          description: definition.description,
          type: secure ? 'SecureString' : definition.type,
          keyId: secure ? props.secureKeyArn : undefined,
          value: list ? (value as readonly string[]).join(',') : (value as string),
          tier: 'Standard',
        }),
      );
    }
  }
}
