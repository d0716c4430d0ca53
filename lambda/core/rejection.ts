/**
 * Why an event is not acted on. Every parser and rule in lambda/core throws only this, so that a handler can
 * tell "this input is bad or not ours" (log it, count it) from a fault of its own (rethrow it, let SQS retry).
 */
export type RejectionCode =
  /** Not a CloudTrail record, or a field has the wrong type or form. */
  | 'malformed'
  /** A well-formed event that tagwarden has no rule for. */
  | 'unsupported'
  /** The API call failed (`errorCode` present): nothing was created. */
  | 'failed-call'
  /** The envelope, recipient, resource or session accounts disagree. */
  | 'account-mismatch'
  /** The event lacks what the rule needs (credentials, response elements, ids). */
  | 'incomplete'
  /** The envelope's source is not one only AWS can put: anyone with events:PutEvents could have sent it. */
  | 'untrusted-source'
  /** The envelope carries replay-name: an archived event re-put by events:StartReplay. */
  | 'replayed'
  /** A time the AWS API cannot have logged: an expiry beyond the call's maximum duration, an event from the future. */
  | 'out-of-bounds'
  /** The genuine copy of a cross-account call that the caller's account receives: the owner's copy is acted on. */
  | 'caller-copy';

export class Rejection extends Error {
  constructor(
    readonly code: RejectionCode,
    message: string,
    /** The dotted path of the field at fault, where there is one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'Rejection';
  }
}

export function isRejection(e: unknown): e is Rejection {
  return e instanceof Rejection;
}
