/**
 * The principal that applies a stack through a provider, as IAM names it in `aws:PrincipalArn`: the
 * role (not the session) when the caller assumed one, else the user or root. Key policies name it as
 * an administrator, so whoever applies a key can always manage it (no KMS lockout).
 */
import type { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsIamSessionContext } from '@cdktf/provider-aws/lib/data-aws-iam-session-context';

export function applierArn(scope: Construct, id: string, provider?: TerraformProvider): string {
  const caller = new DataAwsCallerIdentity(scope, `${id}-caller`, { provider });
  return new DataAwsIamSessionContext(scope, `${id}-session`, { provider, arn: caller.arn }).issuerArn;
}
