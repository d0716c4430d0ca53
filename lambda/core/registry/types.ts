import { ParsedEvent } from '../cloudtrail';
import { ResourceRef, TagWriterKind } from '../resource';

/** What an extractor reads: the checked event, with its request and response as plain objects (never null). */
export interface ExtractContext {
  event: ParsedEvent;
  request: Record<string, unknown>;
  response: Record<string, unknown>;
  /** `aws`, `aws-cn` or `aws-us-gov`, from the region. */
  partition: string;
  account: string;
  region: string;
}

/** A resource as a rule finds it: its rule adds the writer. */
export type ExtractedResource = Omit<ResourceRef, 'writer'>;

/**
 * One entry of the registry: a create event of one service and how to find what it created.
 * Adding a resource type is adding one of these.
 */
export interface ResourceRule {
  /** `ec2.amazonaws.com`. */
  eventSource: string;
  /** `RunInstances`. */
  eventName: string;
  /** The resource types this event can create, for the coverage table and the docs: `instance`, `volume`. */
  creates: string[];
  /**
   * The writer of every resource this rule yields, said once here: extractResources puts it on each resource, the
   * tagger batches by it, the coverage table lists it.
   */
  writer: TagWriterKind;
  /** Returns every resource the event created. Throws a Rejection (never anything else) when the shape is unexpected. */
  extract(ctx: ExtractContext): ExtractedResource[];
}
