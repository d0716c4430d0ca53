import { AdvancedEventSelector, EventSelector, GetEventSelectorsCommandOutput } from '@aws-sdk/client-cloudtrail';

/**
 * Whether a trail's selectors log management write events, which is what EventBridge needs to receive
 * `AWS API Call via CloudTrail` events. Basic selectors: IncludeManagementEvents with ReadWriteType All or
 * WriteOnly. Advanced selectors: an eventCategory = Management selector that neither keeps read-only events only
 * nor narrows the event sources to a list.
 */
export function logsManagementWrites(selectors: Pick<GetEventSelectorsCommandOutput, 'EventSelectors' | 'AdvancedEventSelectors'>): boolean {
  if (selectors.AdvancedEventSelectors?.length) return selectors.AdvancedEventSelectors.some(advancedLogsWrites);
  return (selectors.EventSelectors ?? []).some(basicLogsWrites);
}

function basicLogsWrites(s: EventSelector): boolean {
  // CloudTrail's defaults when a field is absent: management events included, read and write.
  return s.IncludeManagementEvents !== false && (s.ReadWriteType ?? 'All') !== 'ReadOnly';
}

function advancedLogsWrites(s: AdvancedEventSelector): boolean {
  const field = (name: string) => s.FieldSelectors?.find((f) => f.Field === name);
  const category = field('eventCategory');
  if (!category?.Equals?.includes('Management')) return false;
  const readOnly = field('readOnly');
  if (readOnly && (readOnly.Equals?.includes('true') || readOnly.NotEquals?.includes('false'))) return false;
  const source = field('eventSource');
  return !(source?.Equals?.length || source?.StartsWith?.length);
}

/** The event selectors that make a trail log management events, for `put-event-selectors`. */
export const MANAGEMENT_SELECTORS = {
  basic: '[{"ReadWriteType":"All","IncludeManagementEvents":true}]',
  advanced: '[{"Name":"Management events","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]}]',
};
