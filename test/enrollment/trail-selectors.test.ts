import { logsManagementReadAndWrite } from '../../lib/enrollment/trail-selectors';

describe('logsManagementReadAndWrite: read and write management events, as the STS session events are read-only', () => {
  it.each([
    ['default basic selector', { EventSelectors: [{}] }, true],
    ['basic, all events', { EventSelectors: [{ ReadWriteType: 'All' as const, IncludeManagementEvents: true }] }, true],
    [
      'basic, write only',
      { EventSelectors: [{ ReadWriteType: 'WriteOnly' as const, IncludeManagementEvents: true }] },
      false,
    ],
    [
      'basic, one selector for reads and one for writes',
      { EventSelectors: [{ ReadWriteType: 'ReadOnly' as const }, { ReadWriteType: 'WriteOnly' as const }] },
      true,
    ],
    [
      'basic, read only',
      { EventSelectors: [{ ReadWriteType: 'ReadOnly' as const, IncludeManagementEvents: true }] },
      false,
    ],
    [
      'basic, data events only',
      { EventSelectors: [{ ReadWriteType: 'All' as const, IncludeManagementEvents: false }] },
      false,
    ],
    ['no selectors', { EventSelectors: [] }, false],
    [
      'advanced, management',
      { AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }] },
      true,
    ],
    [
      'advanced, management writes only',
      {
        AdvancedEventSelectors: [
          {
            FieldSelectors: [
              { Field: 'eventCategory', Equals: ['Management'] },
              { Field: 'readOnly', Equals: ['false'] },
            ],
          },
        ],
      },
      false,
    ],
    [
      'advanced, management writes and reads in two selectors',
      {
        AdvancedEventSelectors: [
          {
            FieldSelectors: [
              { Field: 'eventCategory', Equals: ['Management'] },
              { Field: 'readOnly', Equals: ['false'] },
            ],
          },
          {
            FieldSelectors: [
              { Field: 'eventCategory', Equals: ['Management'] },
              { Field: 'readOnly', NotEquals: ['false'] },
            ],
          },
        ],
      },
      true,
    ],
    [
      'advanced, management reads only',
      {
        AdvancedEventSelectors: [
          {
            FieldSelectors: [
              { Field: 'eventCategory', Equals: ['Management'] },
              { Field: 'readOnly', Equals: ['true'] },
            ],
          },
        ],
      },
      false,
    ],
    [
      'advanced, management minus KMS',
      {
        AdvancedEventSelectors: [
          {
            FieldSelectors: [
              { Field: 'eventCategory', Equals: ['Management'] },
              { Field: 'eventSource', NotEquals: ['kms.amazonaws.com'] },
            ],
          },
        ],
      },
      true,
    ],
    [
      'advanced, management of one service only',
      {
        AdvancedEventSelectors: [
          {
            FieldSelectors: [
              { Field: 'eventCategory', Equals: ['Management'] },
              { Field: 'eventSource', Equals: ['s3.amazonaws.com'] },
            ],
          },
        ],
      },
      false,
    ],
    [
      'advanced, data events only',
      { AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] }] },
      false,
    ],
  ])('%s', (_name, selectors, expected) => {
    expect(logsManagementReadAndWrite(selectors)).toBe(expected);
  });
});
