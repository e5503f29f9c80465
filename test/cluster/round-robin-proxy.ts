import { Agent, createServer, IncomingHttpHeaders, IncomingMessage, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** The response header naming the instance that answered (added by the proxy, as load balancers do). */
export const SERVED_BY = 'x-served-by';

export interface Upstream {
  name: string;
  port: number;
}

export interface ProxiedRequest {
  method: string;
  path: string;
  servedBy: string;
  clientAddress: string;
  status?: number;
}

export interface RoundRobinProxy {
  url: string;
  /** Every request forwarded so far, in arrival order. */
  log: ProxiedRequest[];
  close(): Promise<void>;
}

// Connection-level headers belong to one hop; Node's http writes its own for the next one.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

function forwardable(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) out[name] = value;
  return out;
}

/**
 * A load balancer in front of the API instances: each request goes to the next instance in turn, bodies
 * are streamed both ways (never buffered), and the client's address is appended to X-Forwarded-For as the
 * last hop, so instances with TRUST_PROXY=true see the client, whatever the client itself wrote there.
 * `upstreams` is read on each request: it may be filled once the instances' ports are known.
 */
export async function startRoundRobinProxy(upstreams: readonly Upstream[]): Promise<RoundRobinProxy> {
  let turn = 0;
  const log: ProxiedRequest[] = [];
  // One connection per request: an instance restarted between two requests never meets a stale socket.
  const agent = new Agent({ keepAlive: false });

  const server: Server = createServer((req: IncomingMessage, res) => {
    if (!upstreams.length) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end('no upstream');
      return;
    }
    const upstream = upstreams[turn++ % upstreams.length];
    const clientAddress = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    const entry: ProxiedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', servedBy: upstream.name, clientAddress };
    log.push(entry);

    const headers = forwardable(req.headers);
    const forwardedFor = req.headers['x-forwarded-for'];
    headers['x-forwarded-for'] = forwardedFor ? `${String(forwardedFor)}, ${clientAddress}` : clientAddress;
    headers['x-forwarded-proto'] = 'http';

    const outgoing = request({ host: '127.0.0.1', port: upstream.port, method: req.method, path: req.url, headers, agent }, (answer) => {
      entry.status = answer.statusCode;
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, { ...forwardable(answer.headers), [SERVED_BY]: upstream.name });
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    });
    outgoing.on('error', (e) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      entry.status = 502;
      res.writeHead(502, { 'content-type': 'text/plain', [SERVED_BY]: upstream.name }).end(`${upstream.name} unreachable: ${e.message}`);
    });
    // A client that goes away takes its upstream request with it.
    res.on('close', () => {
      if (!res.writableFinished) outgoing.destroy();
    });
    req.pipe(outgoing);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        agent.destroy();
      }),
  };
}
