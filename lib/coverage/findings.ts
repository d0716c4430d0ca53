/** Where a finding came from: Resource Explorer sees every indexed resource; RGTA only resources with some tag. */
export type FindingSource = 'resource-explorer' | 'list-api' | 'rgta';

/** One resource of a supported type, as coverage saw it. */
export interface Finding {
  arn: string;
  /** `ec2:instance`. */
  type: string;
  service: string;
  account: string;
  region: string;
  source: FindingSource;
  /** The resource carries the configured owner key. */
  hasOwner: boolean;
  /** The resource carries no tag at all, when the source can tell (RGTA never returns such resources). */
  untagged?: boolean;
}

/** An account and region, or a slice of one, that coverage could not see completely, and why. */
export interface Gap {
  account: string;
  region?: string;
  service?: string;
  reason: string;
}
