/**
 * The services whose resources resource control policies bind, by action prefix (AWS Organizations
 * User Guide, "List of AWS services that support RCPs": S3, STS, KMS, SQS, Secrets Manager, then ECR,
 * OpenSearch Serverless, Cognito identity pools, CloudWatch Logs and DynamoDB). AWS adds services to
 * the list; an RCP statement on any other service's actions would never be evaluated, so the grammar
 * check refuses it and the evaluator applies RCPs to these services only.
 */
export const RCP_SERVICES: readonly string[] = ['aoss', 'cognito-identity', 'dynamodb', 'ecr', 'kms', 'logs', 's3', 'secretsmanager', 'sqs', 'sts'];

/** Whether RCPs are evaluated for an action (`service:Action`). */
export function rcpGoverns(action: string): boolean {
  const colon = action.indexOf(':');
  return colon > 0 && RCP_SERVICES.includes(action.slice(0, colon).toLowerCase());
}
