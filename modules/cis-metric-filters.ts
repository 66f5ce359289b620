/**
 * The CIS AWS Foundations Benchmark v3.0.0 monitoring controls (section 4; Security Hub
 * CloudWatch.1–14) as CloudWatch Logs metric filter patterns over CloudTrail records, plus
 * Organizations changes (CIS 4.15). Each becomes a metric filter and an alarm on the
 * organization trail's log group.
 */
export interface CisMetricFilter {
  /** The metric and resource name. */
  readonly id: string;
  /** The CIS control and its Security Hub counterpart. */
  readonly control: string;
  readonly description: string;
  readonly pattern: string;
}

const anyOf = (field: string, values: readonly string[]) => values.map((v) => `($.${field} = "${v}")`).join(' || ');

export const CIS_METRIC_FILTERS: readonly CisMetricFilter[] = [
  {
    id: 'unauthorized-api-calls',
    control: 'CIS 4.1 (CloudWatch.2)',
    description: 'API calls denied for lack of authorization',
    pattern: '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
  },
  {
    id: 'console-sign-in-without-mfa',
    control: 'CIS 4.2 (CloudWatch.3)',
    description: 'Console sign-in by an IAM user without MFA',
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  },
  {
    id: 'root-usage',
    control: 'CIS 4.3 (CloudWatch.1)',
    description: 'The root user acted',
    pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  },
  {
    id: 'iam-policy-changes',
    control: 'CIS 4.4 (CloudWatch.4)',
    description: 'IAM policies were created, changed, attached or detached',
    pattern: `{ ($.eventSource = "iam.amazonaws.com") && (${anyOf('eventName', [
      'DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy', 'CreatePolicy', 'DeletePolicy',
      'CreatePolicyVersion', 'DeletePolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy', 'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy',
    ])}) }`,
  },
  {
    id: 'cloudtrail-changes',
    control: 'CIS 4.5 (CloudWatch.5)',
    description: 'A trail was created, changed, stopped or deleted',
    pattern: `{ ${anyOf('eventName', ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'])} }`,
  },
  {
    id: 'console-authentication-failures',
    control: 'CIS 4.6 (CloudWatch.6)',
    description: 'Console sign-in failed',
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.errorMessage = "Failed authentication") }',
  },
  {
    id: 'cmk-disabled-or-deleted',
    control: 'CIS 4.7 (CloudWatch.7)',
    description: 'A customer managed key was disabled or scheduled for deletion',
    pattern: `{ ($.eventSource = "kms.amazonaws.com") && (${anyOf('eventName', ['DisableKey', 'ScheduleKeyDeletion'])}) }`,
  },
  {
    id: 's3-bucket-policy-changes',
    control: 'CIS 4.8 (CloudWatch.8)',
    description: 'An S3 bucket policy, ACL, CORS, lifecycle or replication changed',
    pattern: `{ ($.eventSource = "s3.amazonaws.com") && (${anyOf('eventName', [
      'PutBucketAcl', 'PutBucketPolicy', 'PutBucketCors', 'PutBucketLifecycle', 'PutBucketReplication', 'DeleteBucketPolicy', 'DeleteBucketCors', 'DeleteBucketLifecycle', 'DeleteBucketReplication',
    ])}) }`,
  },
  {
    id: 'config-changes',
    control: 'CIS 4.9 (CloudWatch.9)',
    description: 'AWS Config was stopped or reconfigured',
    pattern: `{ ($.eventSource = "config.amazonaws.com") && (${anyOf('eventName', ['StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder'])}) }`,
  },
  {
    id: 'security-group-changes',
    control: 'CIS 4.10 (CloudWatch.10)',
    description: 'A security group was created, changed or deleted',
    pattern: `{ ${anyOf('eventName', ['AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress', 'CreateSecurityGroup', 'DeleteSecurityGroup'])} }`,
  },
  {
    id: 'nacl-changes',
    control: 'CIS 4.11 (CloudWatch.11)',
    description: 'A network ACL was created, changed or deleted',
    pattern: `{ ${anyOf('eventName', ['CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry', 'ReplaceNetworkAclEntry', 'ReplaceNetworkAclAssociation'])} }`,
  },
  {
    id: 'network-gateway-changes',
    control: 'CIS 4.12 (CloudWatch.12)',
    description: 'A customer or internet gateway was created, attached, detached or deleted',
    pattern: `{ ${anyOf('eventName', ['CreateCustomerGateway', 'DeleteCustomerGateway', 'AttachInternetGateway', 'CreateInternetGateway', 'DeleteInternetGateway', 'DetachInternetGateway'])} }`,
  },
  {
    id: 'route-table-changes',
    control: 'CIS 4.13 (CloudWatch.13)',
    description: 'A route or route table was created, changed or deleted',
    pattern: `{ ($.eventSource = "ec2.amazonaws.com") && (${anyOf('eventName', [
      'CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation', 'DeleteRouteTable', 'DeleteRoute', 'DisassociateRouteTable',
    ])}) }`,
  },
  {
    id: 'vpc-changes',
    control: 'CIS 4.14 (CloudWatch.14)',
    description: 'A VPC or peering connection was created, changed or deleted',
    pattern: `{ ${anyOf('eventName', [
      'CreateVpc', 'DeleteVpc', 'ModifyVpcAttribute', 'AcceptVpcPeeringConnection', 'CreateVpcPeeringConnection', 'DeleteVpcPeeringConnection',
      'RejectVpcPeeringConnection', 'AttachClassicLinkVpc', 'DetachClassicLinkVpc', 'DisableVpcClassicLink', 'EnableVpcClassicLink',
    ])} }`,
  },
  {
    id: 'organizations-changes',
    control: 'CIS 4.15',
    description: 'The organization changed: accounts, OUs, policies, handshakes',
    pattern: `{ ($.eventSource = "organizations.amazonaws.com") && (${anyOf('eventName', [
      'AcceptHandshake', 'AttachPolicy', 'CreateAccount', 'CreateOrganizationalUnit', 'CreatePolicy', 'DeclineHandshake', 'DeleteOrganization',
      'DeleteOrganizationalUnit', 'DeletePolicy', 'DetachPolicy', 'DisablePolicyType', 'EnablePolicyType', 'InviteAccountToOrganization',
      'LeaveOrganization', 'MoveAccount', 'RemoveAccountFromOrganization', 'UpdatePolicy', 'UpdateOrganizationalUnit',
    ])}) }`,
  },
];
