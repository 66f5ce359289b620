/**
 * The account's data key (alias/landing-zone/data), created by the baseline. Its id exists only
 * after the baseline applies, so statements name it the way the policy review can check before
 * apply: any key of this account and region, on the condition that it carries the data key's alias.
 */
import { keyAlias } from '../../src/contract/names';
import { KEY_DECRYPT_ACTIONS, KEY_ENCRYPT_ACTIONS, KEY_ENCRYPT_DECRYPT_ACTIONS } from './actions';
import { grant, type Grant, type IGrantable, type PolicyStatement } from './grant';

export const DATA_KEY_PURPOSE = 'data';

export class DataKey {
  /** The key's alias, `alias/landing-zone/data`. */
  readonly alias = keyAlias(DATA_KEY_PURPOSE);

  /**
   * @param arn the key's ARN from the baseline contract (known at plan time), for resource arguments
   * @param accountId the account, for the statements' resource
   * @param region the region of the key
   */
  constructor(
    readonly arn: string,
    private readonly accountId: string,
    private readonly region: string,
  ) {}

  /** The resource and condition every statement on the data key carries. */
  statement(sid: string, actions: readonly string[], condition: Record<string, Record<string, string>> = {}): PolicyStatement {
    return {
      sid,
      actions,
      resources: [`arn:aws:kms:${this.region}:${this.accountId}:key/*`],
      condition: { ...condition, 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': this.alias } },
    };
  }

  /** Decrypt with the data key directly (`KEY_DECRYPT_ACTIONS`). */
  grantDecrypt(grantee: IGrantable): Grant {
    return grant(grantee, [this.statement('DataKeyDecrypt', KEY_DECRYPT_ACTIONS)]);
  }

  /** Encrypt and make data keys (`KEY_ENCRYPT_ACTIONS`). */
  grantEncrypt(grantee: IGrantable): Grant {
    return grant(grantee, [this.statement('DataKeyEncrypt', KEY_ENCRYPT_ACTIONS)]);
  }

  /** Both (`KEY_ENCRYPT_DECRYPT_ACTIONS`). */
  grantEncryptDecrypt(grantee: IGrantable): Grant {
    return grant(grantee, [this.statement('DataKeyEncryptDecrypt', KEY_ENCRYPT_DECRYPT_ACTIONS)]);
  }
}
