import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

// Placeholder entry so the infrastructure synthesizes; the tagger replaces this file.
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  return { batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) };
}
