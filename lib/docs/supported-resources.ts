import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { coverage, coverageMarkdown } from '../../lambda/core/registry/coverage';
import { taggingActionTable, taggingActionTableText } from '../constructs/tagging-actions';

const ROOT = path.join(__dirname, '..', '..');
export const SUPPORTED_RESOURCES_DOC = path.join(ROOT, 'docs', 'supported-resources.md');
export const README = path.join(ROOT, 'README.md');

/** The README's count of supported resources sits between these markers: `npm run docs` rewrites it. */
export const COUNT_START = '<!-- supported-resources-count:start -->';
export const COUNT_END = '<!-- supported-resources-count:end -->';

/** How much the registry covers: the words the README links to the full table with. */
export function coverageSummary(): string {
  const rows = coverage();
  const types = new Set(rows.map((r) => `${r.service} ${r.resourceType}`));
  const services = new Set(rows.map((r) => r.service));
  return `${types.size} resource types in ${services.size} services`;
}

/** docs/supported-resources.md, whole: it is generated from the resource registry and never edited by hand. */
export function supportedResourcesDoc(): string {
  return `# Supported resources

<!-- Generated from the resource registry (lambda/core/registry/) by \`npm run docs\`; do not edit by hand. -->

tagwarden tags ${coverageSummary()}: one row below for each of the ${coverage().length} pairs of create event and
resource type it handles.

Every create event below is forwarded by the member accounts' rule and tagged. The forwarder's event pattern, the
tagger role's permissions and this table all come from one registry, so adding a resource type is one entry there
(see CONTRIBUTING.md).

\`writer\` is how the tags are written:
- \`ec2\`: one \`ec2:CreateTags\` for all EC2 ids of an event;
- \`rgta\`: \`tag:TagResources\` of the Resource Groups Tagging API, 20 ARNs a call;
- \`s3-bucket\`: \`s3:TagResource\` of S3 Control, which adds tags and is the only way once bucket ABAC is on;
- \`s3-object\`: read, merge and write back, because \`PutObjectTagging\` replaces the whole tag set;
- \`ssm\`, \`autoscaling\` and \`secretsmanager\`: the service's own tagging API.

Instances launched by \`RunInstances\` or \`CreateFleet\` also get their attached EBS volumes tagged (found with one
\`ec2:DescribeVolumes\` call).

${coverageMarkdown()}
`;
}

/** The README with its count block rewritten from the registry. */
export function readmeWithCount(readme: string): string {
  const start = readme.indexOf(COUNT_START);
  const end = readme.indexOf(COUNT_END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${COUNT_START} ... ${COUNT_END} block for the count`);
  return `${readme.slice(0, start + COUNT_START.length)}${coverageSummary()}${readme.slice(end)}`;
}

/** The generated table of the tagger role's tagging actions (see lib/constructs/tagging-actions.ts). */
export const TAGGING_ACTIONS_FILE = path.join(ROOT, 'lib', 'constructs', 'tagging-actions.generated.json');

async function main(): Promise<void> {
  writeFileSync(SUPPORTED_RESOURCES_DOC, supportedResourcesDoc());
  writeFileSync(README, readmeWithCount(readFileSync(README, 'utf8')));
  writeFileSync(TAGGING_ACTIONS_FILE, taggingActionTableText(await taggingActionTable()));
}

if (require.main === module) void main();
