import { TagWriterKind } from '../resource';
import { RULES } from './index';

export interface CoverageRow {
  /** `ec2`, the first label of the event source. */
  service: string;
  resourceType: string;
  eventName: string;
  writer: TagWriterKind;
}

/** One row per (event, resource type) the registry handles, sorted, for the docs and `explain`. */
export function coverage(): CoverageRow[] {
  const rows = RULES.flatMap((rule) =>
    rule.creates.map((resourceType) => ({
      service: rule.eventSource.split('.')[0],
      resourceType,
      eventName: rule.eventName,
      writer: rule.writer,
    })),
  );
  return rows.sort(
    (a, b) =>
      a.service.localeCompare(b.service) ||
      a.resourceType.localeCompare(b.resourceType) ||
      a.eventName.localeCompare(b.eventName),
  );
}

/** The coverage as a Markdown table. */
export function coverageMarkdown(): string {
  const lines = ['| service | resource type | eventName | writer |', '|---|---|---|---|'];
  for (const r of coverage()) lines.push(`| ${r.service} | ${r.resourceType} | ${r.eventName} | ${r.writer} |`);
  return lines.join('\n');
}
