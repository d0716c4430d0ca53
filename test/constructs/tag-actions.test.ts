import { supportedEvents } from '../../lambda/core/registry';
import { apiGatewayTagging, GRANT_ACTIONS, SERVICE_TAG_ACTIONS, serviceTagActions, servicePrefix, WRITER_ACTIONS } from '../../lib/constructs/tag-actions';

describe('serviceTagActions', () => {
  it('knows a tagging action for every service in the registry', () => {
    const actions = [...serviceTagActions(supportedEvents()), ...apiGatewayTagging('aws').actions];
    for (const { eventSource } of supportedEvents()) {
      expect(actions.some((a) => a.startsWith(`${servicePrefix(eventSource)}:`))).toBe(true);
    }
  });

  it('limits API Gateway, whose tagging is a PUT, to the /tags path', () => {
    expect(apiGatewayTagging('aws')).toEqual({ actions: ['apigateway:PUT'], resources: ['arn:aws:apigateway:*::/tags/*'] });
  });

  it('grants only the services of the registry', () => {
    expect(serviceTagActions([{ eventSource: 'sqs.amazonaws.com', eventNames: ['CreateQueue'] }])).toEqual(['sqs:TagQueue']);
    expect(serviceTagActions([{ eventSource: 'monitoring.amazonaws.com', eventNames: ['PutMetricAlarm'] }])).toEqual(['cloudwatch:TagResource']);
  });

  it('names the service and the file to edit when a service has no mapping', () => {
    expect(() => serviceTagActions([{ eventSource: 'madeup.amazonaws.com', eventNames: ['CreateThing'] }])).toThrow(
      /madeup: add them to SERVICE_TAG_ACTIONS in lib\/constructs\/tag-actions.ts/,
    );
  });

  it('never grants an action that removes tags, outside the explicit grant actions', () => {
    const removing = /:(Untag|Delete|Remove)/;
    expect([...WRITER_ACTIONS].filter((a) => removing.test(a))).toEqual([]);
    expect(Object.values(SERVICE_TAG_ACTIONS).flat().filter((a) => removing.test(a))).toEqual([]);
    for (const [prefix, actions] of Object.entries(SERVICE_TAG_ACTIONS)) for (const a of actions) expect(a.startsWith(`${prefix}:`)).toBe(true);
    expect(GRANT_ACTIONS.filter((a) => removing.test(a))).toEqual(['iam:UntagRole', 'iam:UntagUser']);
  });
});
