import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** One scripted HTTP answer of the local endpoint. */
export interface Reply {
  status: number;
  contentType: string;
  body: string;
}

/**
 * A local HTTP endpoint that real SDK clients talk to (through AWS_ENDPOINT_URL_<SERVICE>), so that the SDK's own
 * middleware, retries included, runs end to end. aws-sdk-client-mock replaces `send` and so skips retries.
 * `answer` gets the operation (from X-Amz-Target or the query Action) and the body, and returns the reply.
 */
export async function startEndpoint(
  answer: (operation: string, body: string) => Reply,
): Promise<{ url: string; calls: string[]; server: Server }> {
  const calls: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const target = req.headers['x-amz-target'];
      const operation =
        typeof target === 'string' ? target.split('.').pop()! : (new URLSearchParams(body).get('Action') ?? '');
      calls.push(operation);
      const reply = answer(operation, body);
      res.writeHead(reply.status, { 'content-type': reply.contentType, 'x-amzn-requestid': `req-${calls.length}` });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, server };
}

export const json = (status: number, value: unknown): Reply => ({
  status,
  contentType: 'application/x-amz-json-1.1',
  body: JSON.stringify(value),
});
export const xml = (status: number, body: string): Reply => ({ status, contentType: 'text/xml', body });
