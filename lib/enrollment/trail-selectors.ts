import { AdvancedEventSelector, EventSelector, GetEventSelectorsCommandOutput } from '@aws-sdk/client-cloudtrail';

/*
 * Whether a trail's selectors log management events, read AND write. EventBridge receives `AWS API Call via
 * CloudTrail` events only where CloudTrail logs them. The STS session events are read-only (AssumeRole*) and the
 * create events are writes; AWS does not document whether a trail that logs writes only still lets EventBridge
 * receive read-only events, so tagwarden asks for both. Basic selectors: IncludeManagementEvents with ReadWriteType
 * All. Advanced selectors: eventCategory = Management selectors that together keep both values of readOnly and do
 * not narrow the event sources to a list.
 */
export function logsManagementReadAndWrite(
  selectors: Pick<GetEventSelectorsCommandOutput, 'EventSelectors' | 'AdvancedEventSelectors'>,
): boolean {
  const covered = selectors.AdvancedEventSelectors?.length
    ? selectors.AdvancedEventSelectors.map(advancedCoverage)
    : (selectors.EventSelectors ?? []).map(basicCoverage);
  return covered.some((c) => c.reads) && covered.some((c) => c.writes);
}

interface Coverage {
  reads: boolean;
  writes: boolean;
}

function basicCoverage(s: EventSelector): Coverage {
  // CloudTrail's defaults when a field is absent: management events included, read and write.
  if (s.IncludeManagementEvents === false) return { reads: false, writes: false };
  const type = s.ReadWriteType ?? 'All';
  return { reads: type !== 'WriteOnly', writes: type !== 'ReadOnly' };
}

function advancedCoverage(s: AdvancedEventSelector): Coverage {
  const field = (name: string) => s.FieldSelectors?.find((f) => f.Field === name);
  const category = field('eventCategory');
  const source = field('eventSource');
  const narrowed = Boolean(source?.Equals?.length || source?.StartsWith?.length);
  if (!category?.Equals?.includes('Management') || narrowed) return { reads: false, writes: false };
  const readOnly = field('readOnly');
  if (!readOnly) return { reads: true, writes: true };
  const keeps = (value: 'true' | 'false') =>
    readOnly.Equals ? readOnly.Equals.includes(value) : !readOnly.NotEquals?.includes(value);
  return { reads: keeps('true'), writes: keeps('false') };
}

/** The event selectors that make a trail log management events, for `put-event-selectors`. */
export const MANAGEMENT_SELECTORS = {
  basic: '[{"ReadWriteType":"All","IncludeManagementEvents":true}]',
  advanced: '[{"Name":"Management events","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]}]',
};
