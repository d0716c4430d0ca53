import { parseOperator } from './operators';
import { ConditionClause, Policy, PolicyStatement } from './types';

/** A document that is not an IAM policy. The message names the element and says what is expected. */
export class PolicyShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyShapeError';
  }
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Normalises the shapes IAM accepts into one: Statement object or array, Action/Resource string or array,
 * NotAction/NotResource, condition values as string arrays, operators parsed case-insensitively.
 */
export function normalisePolicy(doc: unknown): Policy {
  if (!isObject(doc)) throw new PolicyShapeError('the document must be a JSON object with a "Statement" element');
  const raw = doc.Statement;
  if (raw === undefined) throw new PolicyShapeError('"Statement" is missing: a policy needs at least one statement');
  const list = Array.isArray(raw) ? raw : [raw];
  return { statements: list.map((s, i) => normaliseStatement(s, i)) };
}

function normaliseStatement(raw: unknown, index: number): PolicyStatement {
  const at = `Statement[${index}]`;
  if (!isObject(raw)) throw new PolicyShapeError(`${at} must be an object with Effect, Action and Resource`);
  const sid = raw.Sid === undefined ? undefined : typeof raw.Sid === 'string' ? raw.Sid : JSON.stringify(raw.Sid);
  const label = sid ? sid : at;
  const where = sid ? `${at} (${sid})` : at;

  if (raw.Effect !== 'Allow' && raw.Effect !== 'Deny') {
    throw new PolicyShapeError(
      `${where}.Effect must be "Allow" or "Deny" (received ${JSON.stringify(raw.Effect) ?? 'nothing'})`,
    );
  }
  const [actions, notAction] = oneOf(raw, 'Action', 'NotAction', where, true);
  const [resources, notResource] = oneOf(raw, 'Resource', 'NotResource', where, false);
  const principal = raw.Principal ?? raw.NotPrincipal;
  return {
    index,
    sid,
    label,
    effect: raw.Effect,
    actions,
    notAction,
    resources,
    notResource,
    hasPrincipal: principal !== undefined,
    principalIsStar:
      raw.Principal === '*' ||
      (isObject(raw.Principal) && Object.keys(raw.Principal).length === 1 && raw.Principal.AWS === '*'),
    conditions: normaliseConditions(raw.Condition, where),
  };
}

function oneOf(raw: Json, name: string, notName: string, where: string, required: boolean): [string[], boolean] {
  if (raw[name] !== undefined && raw[notName] !== undefined) {
    throw new PolicyShapeError(`${where} has both ${name} and ${notName}: keep one`);
  }
  const isNot = raw[notName] !== undefined;
  const value = isNot ? raw[notName] : raw[name];
  if (value === undefined) {
    if (required) throw new PolicyShapeError(`${where} needs ${name} or ${notName}`);
    return [[], false];
  }
  const items = Array.isArray(value) ? value : [value];
  if (!items.every((v) => typeof v === 'string')) {
    throw new PolicyShapeError(`${where}.${isNot ? notName : name} must be a string or a list of strings`);
  }
  return [items, isNot];
}

function normaliseConditions(raw: unknown, where: string): ConditionClause[] {
  if (raw === undefined) return [];
  if (!isObject(raw)) throw new PolicyShapeError(`${where}.Condition must be an object of operator: {key: value}`);
  const clauses: ConditionClause[] = [];
  for (const [operator, block] of Object.entries(raw)) {
    const parsed = parseOperator(operator);
    if (!parsed) {
      throw new PolicyShapeError(
        `${where}.Condition operator "${operator}" is not an IAM condition operator (for example StringEquals, ForAnyValue:StringLike, ArnNotLikeIfExists)`,
      );
    }
    if (!isObject(block)) throw new PolicyShapeError(`${where}.Condition.${operator} must be an object of key: value`);
    for (const [key, value] of Object.entries(block)) {
      const items = Array.isArray(value) ? value : [value];
      if (!items.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) {
        throw new PolicyShapeError(
          `${where}.Condition.${operator}.${key} must be a string, number, boolean or a list of them`,
        );
      }
      clauses.push({ operator, ...parsed, key, keyLower: key.toLowerCase(), values: items.map(String) });
    }
  }
  return clauses;
}
