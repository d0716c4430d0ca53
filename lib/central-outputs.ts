/**
 * The central stack's outputs that the CLI reads (DescribeStacks through the operator role) to find the queues,
 * tables, log groups and function it operates on. The stack writes them under these keys; the CLI reads these keys.
 */
export const CENTRAL_OUTPUT = {
  taggerQueueUrl: 'TaggerQueueUrl',
  taggerQueueArn: 'TaggerQueueArn',
  taggerDlqUrl: 'TaggerDlqUrl',
  taggerDlqArn: 'TaggerDlqArn',
  sessionDlqUrl: 'SessionDlqUrl',
  deliveryDlqUrl: 'CreateEventDeliveryDlqUrl',
  sessionTableName: 'SessionTableName',
  heartbeatTableName: 'HeartbeatTableName',
  taggerLogGroup: 'TaggerLogGroupName',
  recorderLogGroup: 'SessionRecorderLogGroupName',
  recorderFunctionName: 'SessionRecorderFunctionName',
} as const;

export type CentralOutputs = Record<keyof typeof CENTRAL_OUTPUT, string>;
