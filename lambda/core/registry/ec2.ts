import { isObject } from '../cloudtrail';
import { Rejection } from '../rejection';
import { listOf } from './fields';
import { EC2_SOURCE, ec2CreationTags, ec2Id, ec2Ref, ownerOf, singleEc2, unwrapped } from './ec2-shapes';
import { Tags } from '../resource';
import { ExtractContext, ExtractedResource, ResourceRule } from './types';

/**
 * RunInstances: every instance of the reservation, and the network interfaces and EBS volumes the response
 * shows attached to them. The response usually lists the interfaces but not the volumes (they attach after the
 * call returns): volumes appear only where `blockDeviceMapping` carries their ids.
 */
function runInstances(ctx: ExtractContext): ExtractedResource[] {
  const where = 'responseElements.instancesSet';
  if (!isObject(ctx.response.instancesSet)) throw new Rejection('incomplete', `${where} must be an object`, where);
  const instances = listOf(ctx.response.instancesSet);
  if (instances.length === 0 || !instances.every(isObject))
    throw new Rejection('incomplete', `${where}.items must be a non-empty list of instances`, `${where}.items`);
  const owner = ownerOf(ctx.response);
  // The request's tags for a type are read once, then copied: a reservation may hold dozens of instances.
  const read = new Map<string, Tags>();
  const creationTags = (type: string): Tags => {
    const tags = read.get(type) ?? ec2CreationTags(ctx.request, type);
    read.set(type, tags);
    return { ...tags };
  };
  const refs: ExtractedResource[] = [];
  instances.forEach((instance, i) => {
    refs.push(
      ec2Ref(
        ctx,
        'instance',
        ec2Id(instance, 'instanceId', `${where}.items[${i}]`, 'i-'),
        owner,
        creationTags('instance'),
      ),
    );
    listOf(instance.networkInterfaceSet).forEach((eni, j) => {
      if (!isObject(eni)) return;
      refs.push(
        ec2Ref(
          ctx,
          'network-interface',
          ec2Id(eni, 'networkInterfaceId', `${where}.items[${i}].networkInterfaceSet.items[${j}]`, 'eni-'),
          ownerOf(eni) ?? owner,
          creationTags('network-interface'),
        ),
      );
    });
    for (const mapping of listOf(instance.blockDeviceMapping)) {
      const ebs = isObject(mapping) && isObject(mapping.ebs) ? mapping.ebs : undefined;
      if (ebs && typeof ebs.volumeId === 'string' && ebs.volumeId.startsWith('vol-')) {
        refs.push(ec2Ref(ctx, 'volume', ebs.volumeId, owner, creationTags('volume')));
      }
    }
  });
  return refs;
}

/** CreateFleet (type `instant`) launches instances inside the call: the fleet and each instance it reports. */
function createFleet(ctx: ExtractContext): ExtractedResource[] {
  const { body, where } = unwrapped(ctx.response, 'CreateFleetResponse');
  const at = where ? `responseElements.${where}` : 'responseElements';
  const request = unwrapped(ctx.request, 'CreateFleetRequest').body;
  const refs = [
    ec2Ref(ctx, 'fleet', ec2Id(body, 'fleetId', at, 'fleet-'), undefined, ec2CreationTags(request, 'fleet')),
  ];
  for (const item of listOf(body.fleetInstanceSet)) {
    if (!isObject(item)) continue;
    for (const id of listOf(item.instanceIds)) {
      if (typeof id !== 'string' || !id.startsWith('i-'))
        throw new Rejection(
          'incomplete',
          `${at}.fleetInstanceSet instanceIds must be instance ids`,
          `${at}.fleetInstanceSet`,
        );
      refs.push(ec2Ref(ctx, 'instance', id, undefined, ec2CreationTags(request, 'instance')));
    }
  }
  return refs;
}

/** EC2 compute and storage. Every resource is written by one ec2:CreateTags call per event. */
export const ec2Rules: ResourceRule[] = [
  {
    eventSource: EC2_SOURCE,
    eventName: 'RunInstances',
    creates: ['instance', 'network-interface', 'volume'],
    writer: 'ec2',
    extract: runInstances,
  },
  {
    eventSource: EC2_SOURCE,
    eventName: 'CreateFleet',
    creates: ['fleet', 'instance'],
    writer: 'ec2',
    extract: createFleet,
  },
  singleEc2('CreateVolume', 'volume', [], 'volumeId', 'vol-'),
  singleEc2('CreateImage', 'image', [], 'imageId', 'ami-'),
  singleEc2('CopyImage', 'image', [], 'imageId', 'ami-'),
  singleEc2('RegisterImage', 'image', [], 'imageId', 'ami-'),
  singleEc2('CreateSnapshot', 'snapshot', [], 'snapshotId', 'snap-'),
  singleEc2('CopySnapshot', 'snapshot', [], 'snapshotId', 'snap-'),
  singleEc2('CreateSecurityGroup', 'security-group', [], 'groupId', 'sg-'),
  singleEc2('CreateNetworkAcl', 'network-acl', ['networkAcl'], 'networkAclId', 'acl-'),
  // The allocation id is the taggable resource; the public address is not.
  singleEc2('AllocateAddress', 'elastic-ip', [], 'allocationId', 'eipalloc-'),
  singleEc2('CreateNetworkInterface', 'network-interface', ['networkInterface'], 'networkInterfaceId', 'eni-'),
  singleEc2('CreateLaunchTemplate', 'launch-template', ['launchTemplate'], 'launchTemplateId', 'lt-'),
  singleEc2('CreateKeyPair', 'key-pair', [], 'keyPairId', 'key-'),
  singleEc2('ImportKeyPair', 'key-pair', [], 'keyPairId', 'key-'),
];
