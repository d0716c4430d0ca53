import { coverage } from '../../lambda/core/registry/coverage';

/**
 * The resource types coverage reports on: every type the registry tags, named as Resource Explorer names types,
 * `<service>:<resource type>` (the ARN's service and resource-type segments, e.g. `ec2:instance`, `s3:bucket`).
 * S3 objects are left out: Resource Explorer does not index them and no list API could enumerate them at org scale.
 */
export const UNREPORTED_TYPES: ReadonlySet<string> = new Set(['s3:object']);

export interface ReportedType {
  /** `ec2:instance`. */
  type: string;
  /** `ec2`. */
  service: string;
}

export function reportedTypes(services?: string[]): ReportedType[] {
  const wanted = services && new Set(services.map((s) => s.toLowerCase()));
  const types = new Map<string, ReportedType>();
  for (const row of coverage()) {
    const type = `${row.service}:${row.resourceType}`.toLowerCase();
    if (UNREPORTED_TYPES.has(type) || (wanted && !wanted.has(row.service))) continue;
    types.set(type, { type, service: row.service });
  }
  return [...types.values()].sort((a, b) => a.type.localeCompare(b.type));
}

/** The services of the registry, for validating `--services`. */
export function knownServices(): string[] {
  return [...new Set(coverage().map((r) => r.service))].sort();
}
