/**
 * Whether a suspended account has left the network: its baseline's Terraform state in the state
 * bucket holds no hub attachment, association or propagation any more. The baseline of a suspended
 * account that is not closed yet plans their destruction (stacks/baseline.ts `baselinePhase`); once
 * the account is closed nothing can act in it, so `lz account close` asks this first.
 *
 * A state the bucket does not hold (or no bucket: nothing was ever applied with remote state) has
 * nothing on the hub. A state that cannot be read or parsed is an error, never taken as empty.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { EXIT, LzError } from '../errors';
import type { LandingZone } from '../config/model';
import { baselineStackName, stateObjectKey } from '../contract/names';

/** The resource types that put a VPC on the hub; the private routes to the hub go with the attachment. */
export const HUB_RESOURCE_TYPES: readonly string[] = [
  'aws_ec2_transit_gateway_vpc_attachment',
  'aws_ec2_transit_gateway_route_table_association',
  'aws_ec2_transit_gateway_route_table_propagation',
];

export interface HubMembership {
  /** `s3://<bucket>/<key>` of the baseline's state. */
  readonly state: string;
  /** Terraform addresses of the hub resources the state still holds, sorted; empty when the account is off the hub. */
  readonly addresses: readonly string[];
}

interface TerraformState {
  readonly resources?: ReadonlyArray<{ mode?: string; type?: string; name?: string; module?: string; instances?: readonly unknown[] }>;
}

/** The hub resources a Terraform state (v4 JSON) holds, as Terraform addresses. */
export function hubAddressesIn(state: TerraformState): string[] {
  const found: string[] = [];
  for (const r of state.resources ?? []) {
    if (r.mode !== 'managed' || !r.type || !HUB_RESOURCE_TYPES.includes(r.type) || !(r.instances ?? []).length) continue;
    found.push(`${r.module ? `${r.module}.` : ''}${r.type}.${r.name}`);
  }
  return found.sort();
}

export interface StateReadOptions {
  /** An endpoint for S3, e.g. an emulator. @default - AWS's own */
  readonly endpointUrl?: string;
  /** Clients to use instead of building one (tests). */
  readonly s3?: S3Client;
}

export async function hubMembership(lz: LandingZone, accountName: string, options: StateReadOptions = {}): Promise<HubMembership> {
  const bucket = lz.stateBucket;
  const key = stateObjectKey(baselineStackName(accountName));
  const where = `s3://${bucket}/${key}`;
  const s3 =
    options.s3 ??
    new S3Client({
      region: lz.organization.homeRegion,
      ...(options.endpointUrl ? { endpoint: options.endpointUrl, forcePathStyle: true } : {}),
    });
  try {
    let text: string;
    try {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      text = await object.Body!.transformToString();
    } catch (e) {
      const name = (e as Error).name;
      if (name === 'NoSuchKey' || name === 'NoSuchBucket' || name === 'NotFound') return { state: where, addresses: [] };
      throw LzError.of(
        where,
        `could not be read to check that the account left the network: ${name}: ${(e as Error).message}`,
        'run it with the credentials that apply the landing zone (the pipeline role reads the state bucket)',
        EXIT.failure,
      );
    }
    let state: TerraformState;
    try {
      state = JSON.parse(text) as TerraformState;
    } catch (e) {
      throw LzError.of(where, `is not a Terraform state (JSON): ${(e as Error).message}`, 'restore the previous version of the object from the versioned state bucket', EXIT.failure);
    }
    if (typeof state !== 'object' || state === null || (state.resources !== undefined && !Array.isArray(state.resources))) {
      throw LzError.of(where, 'is not a Terraform state: it has no resources list', 'restore the previous version of the object from the versioned state bucket', EXIT.failure);
    }
    return { state: where, addresses: hubAddressesIn(state) };
  } finally {
    if (!options.s3) s3.destroy();
  }
}
