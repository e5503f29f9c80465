import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  UnsafeTargetError,
  isBlockedAddress,
  resolveSafeTarget,
  safePost,
  validateWebhookUrl,
  type HostLookup,
} from './safe-http';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface TestServer {
  port: number;
  received: Received[];
  close: () => Promise<void>;
}

async function startServer(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<TestServer> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const lookupReturning =
  (...addresses: string[]): HostLookup =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('validateWebhookUrl', () => {
  it.each([
    ['ftp://example.com/hook'],
    ['file:///etc/passwd'],
    ['javascript:alert(1)'],
    ['gopher://example.com:70/_'],
    ['data:text/plain,hi'],
    ['http://user:pass@example.com/hook'],
    ['http://user@example.com/hook'],
    ['http://:pw@example.com/hook'],
    ['http://'],
    ['http://:80/hook'],
    ['http://?x=1'],
    ['http://example.com:0/'],
    ['http://example.com:65536/'],
    ['not a url'],
    [''],
    [`https://example.com/${'a'.repeat(2100)}`],
  ])('rejects %s', (raw) => {
    expect(() => validateWebhookUrl(raw)).toThrow(UnsafeTargetError);
  });

  it('accepts http(s) URLs and returns the parsed URL', () => {
    const url = validateWebhookUrl('https://example.com/hook');
    expect(url).toBeInstanceOf(URL);
    expect(url.hostname).toBe('example.com');
    expect(url.pathname).toBe('/hook');
    expect(validateWebhookUrl('http://example.com:65535/a?b=1').port).toBe('65535');
  });

  it('exposes a reason on the error', () => {
    try {
      validateWebhookUrl('ftp://example.com');
      throw new Error('expected a throw');
    } catch (err) {
      expect(err).toBeInstanceOf(UnsafeTargetError);
      expect((err as UnsafeTargetError).reason).toMatch(/scheme/);
      expect((err as UnsafeTargetError).name).toBe('UnsafeTargetError');
    }
  });
});

describe('isBlockedAddress', () => {
  it.each([
    // IPv4 ranges, both edges
    '0.0.0.0', '0.255.255.255',
    '10.0.0.0', '10.255.255.255',
    '100.64.0.0', '100.127.255.255',
    '127.0.0.1', '127.0.0.0', '127.255.255.255',
    '169.254.0.0', '169.254.169.254', '169.254.255.255',
    '172.16.0.0', '172.31.255.255',
    '192.0.0.0', '192.0.0.255',
    '192.0.2.0', '192.0.2.255',
    '192.168.0.0', '192.168.255.255',
    '198.18.0.0', '198.19.255.255',
    '198.51.100.0', '198.51.100.255',
    '203.0.113.0', '203.0.113.255',
    '224.0.0.0', '239.255.255.255',
    '240.0.0.0', '255.255.255.254', '255.255.255.255',
    // IPv6
    '::', '::1', '0:0:0:0:0:0:0:1',
    'fc00::', 'fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'fd00:ec2::254', 'FD00:EC2::254',
    'fe80::', 'fe80::1', 'febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
    'ff00::', 'ff02::1', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
    '2001:db8::', '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff',
    '64:ff9b::', '64:ff9b::a00:1', '64:ff9b::8.8.8.8', '64:ff9b::ffff:ffff',
    // IPv4-mapped, dotted and hex, compressed and not
    '::ffff:127.0.0.1', '::ffff:7f00:1', '0:0:0:0:0:ffff:a9fe:a9fe', '::ffff:10.0.0.1', '::ffff:169.254.169.254', '::FFFF:C0A8:0101',
    // IPv4-compatible (deprecated)
    '::127.0.0.1', '::8.8.8.8', '::7f00:1',
    // 6to4 wrapping a private address, link-local with a zone id
    '2002:7f00:1::', '2002:a9fe:a9fe::1', 'fe80::1%eth0', 'fec0::1',
    // unparseable or non-canonical forms
    '', 'localhost', 'example.com', '127.1', '0x7f000001', '2130706433', '010.0.0.1', '1.2.3', '1.2.3.4.5', '256.1.1.1',
    '[::1]', ':::1', '1::2::3', 'gggg::1', ' 8.8.8.8',
  ])('blocks %s', (ip) => {
    expect(isBlockedAddress(ip)).toBe(true);
  });

  it.each([
    '8.8.8.8', '1.1.1.1', '93.184.216.34',
    // just outside the blocked ranges
    '1.0.0.0', '9.255.255.255', '11.0.0.0', '100.63.255.255', '100.128.0.0', '126.255.255.255', '128.0.0.0',
    '169.253.255.255', '169.255.0.0', '172.15.255.255', '172.32.0.0', '192.0.1.0', '192.0.3.0', '192.167.255.255',
    '192.169.0.0', '198.17.255.255', '198.20.0.0', '198.51.99.255', '198.51.101.0', '203.0.112.255', '203.0.114.0',
    '223.255.255.255',
    '2606:4700:4700::1111', '2001:4860:4860::8888', '::ffff:8.8.8.8', '::ffff:808:808', '2002:808:808::1',
    'fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'fe00::', 'fe7f::',
    '2001:db7:ffff:ffff:ffff:ffff:ffff:ffff', '2001:db9::', '64:ff9a:ffff:ffff:ffff:ffff:ffff:ffff',
  ])('allows %s', (ip) => {
    expect(isBlockedAddress(ip)).toBe(false);
  });
});

describe('resolveSafeTarget', () => {
  const policy = { allowedHosts: [] };

  it('refuses a hostname when any resolved address is blocked', async () => {
    await expect(
      resolveSafeTarget(new URL('https://hooks.example.com/'), policy, lookupReturning('93.184.216.34', '10.0.0.1')),
    ).rejects.toThrow(UnsafeTargetError);
  });

  it('refuses a hostname resolving to the metadata address', async () => {
    await expect(
      resolveSafeTarget(new URL('http://metadata.example/'), policy, lookupReturning('169.254.169.254')),
    ).rejects.toBeInstanceOf(UnsafeTargetError);
    await expect(
      resolveSafeTarget(new URL('http://metadata6.example/'), policy, lookupReturning('fd00:ec2::254')),
    ).rejects.toBeInstanceOf(UnsafeTargetError);
  });

  it('returns the first address when every address is public', async () => {
    const target = await resolveSafeTarget(
      new URL('https://hooks.example.com/'),
      policy,
      lookupReturning('2606:4700:4700::1111', '93.184.216.34'),
    );
    expect(target).toEqual({ address: '2606:4700:4700::1111', family: 6 });
  });

  it('refuses an empty or invalid lookup answer', async () => {
    await expect(resolveSafeTarget(new URL('https://hooks.example.com/'), policy, lookupReturning())).rejects.toThrow(/no addresses/);
    await expect(
      resolveSafeTarget(new URL('https://hooks.example.com/'), policy, lookupReturning('not-an-ip')),
    ).rejects.toBeInstanceOf(UnsafeTargetError);
  });

  it('lets allowedHosts exempt a hostname from the address checks', async () => {
    const target = await resolveSafeTarget(
      new URL('http://receiver.test:8080/'),
      { allowedHosts: ['receiver.test'] },
      lookupReturning('127.0.0.1'),
    );
    expect(target).toEqual({ address: '127.0.0.1', family: 4 });
    await expect(
      resolveSafeTarget(new URL('http://other.test/'), { allowedHosts: ['receiver.test'] }, lookupReturning('127.0.0.1')),
    ).rejects.toBeInstanceOf(UnsafeTargetError);
  });

  it('checks IP-literal hosts directly without a lookup', async () => {
    const lookup = jest.fn(lookupReturning('8.8.8.8'));
    await expect(resolveSafeTarget(new URL('http://127.0.0.1:1234/'), policy, lookup)).rejects.toBeInstanceOf(UnsafeTargetError);
    await expect(resolveSafeTarget(new URL('http://[::1]/'), policy, lookup)).rejects.toBeInstanceOf(UnsafeTargetError);
    await expect(resolveSafeTarget(new URL('http://[::ffff:127.0.0.1]/'), policy, lookup)).rejects.toBeInstanceOf(UnsafeTargetError);
    // WHATWG URL parsing normalises these to 127.0.0.1.
    await expect(resolveSafeTarget(new URL('http://2130706433/'), policy, lookup)).rejects.toBeInstanceOf(UnsafeTargetError);
    await expect(resolveSafeTarget(new URL('http://0x7f.1/'), policy, lookup)).rejects.toBeInstanceOf(UnsafeTargetError);
    await expect(resolveSafeTarget(new URL('http://8.8.8.8/'), policy, lookup)).resolves.toEqual({ address: '8.8.8.8', family: 4 });
    await expect(resolveSafeTarget(new URL('http://[2606:4700:4700::1111]/'), policy, lookup)).resolves.toEqual({
      address: '2606:4700:4700::1111',
      family: 6,
    });
    expect(lookup).not.toHaveBeenCalled();
  });

  it('refuses localhost through the real resolver', async () => {
    await expect(resolveSafeTarget(new URL('http://localhost:1234/'), policy)).rejects.toBeInstanceOf(UnsafeTargetError);
  });
});

describe('safePost', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  async function server(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<TestServer> {
    const s = await startServer(handler);
    servers.push(s);
    return s;
  }

  it('delivers the body and headers to an allow-listed receiver', async () => {
    const s = await server((_req, res) => {
      res.writeHead(202, { 'content-type': 'text/plain' });
      res.end('accepted');
    });
    const body = JSON.stringify({ event: 'candidate.created', name: 'Zoë' });
    const result = await safePost(
      `http://127.0.0.1:${s.port}/hooks/in?src=hv`,
      body,
      { 'X-Hirevision-Signature': 't=1,v1=abc', 'X-Hirevision-Event': 'candidate.created' },
      { allowedHosts: ['127.0.0.1'] },
    );
    expect(result).toEqual({ status: 202, bodySnippet: 'accepted' });
    expect(s.received).toHaveLength(1);
    const [r] = s.received;
    expect(r.method).toBe('POST');
    expect(r.url).toBe('/hooks/in?src=hv');
    expect(r.body).toBe(body);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(r.headers['user-agent']).toBe('Hirevision-Webhooks/1');
    expect(r.headers['x-hirevision-signature']).toBe('t=1,v1=abc');
    expect(r.headers['x-hirevision-event']).toBe('candidate.created');
    expect(r.headers.host).toBe(`127.0.0.1:${s.port}`);
  });

  it('does not let caller headers override framing or Host', async () => {
    const s = await server((_req, res) => res.end('ok'));
    await safePost(
      `http://127.0.0.1:${s.port}/`,
      '{"a":1}',
      { 'Content-Length': '1', Host: 'evil.test', 'Transfer-Encoding': 'chunked' },
      { allowedHosts: ['127.0.0.1'] },
    );
    expect(s.received[0].body).toBe('{"a":1}');
    expect(s.received[0].headers.host).toBe(`127.0.0.1:${s.port}`);
    expect(s.received[0].headers['content-length']).toBe('7');
    expect(s.received[0].headers['transfer-encoding']).toBeUndefined();
  });

  it('refuses the same loopback URL without the allow-list, and the server receives nothing', async () => {
    const s = await server((_req, res) => res.end('ok'));
    await expect(safePost(`http://127.0.0.1:${s.port}/hook`, '{}', {}, { allowedHosts: [] })).rejects.toBeInstanceOf(
      UnsafeTargetError,
    );
    await expect(
      safePost(`http://receiver.test:${s.port}/hook`, '{}', {}, { allowedHosts: [] }, { lookup: lookupReturning('127.0.0.1') }),
    ).rejects.toBeInstanceOf(UnsafeTargetError);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(s.received).toHaveLength(0);
  });

  it('rejects an invalid URL with UnsafeTargetError', async () => {
    await expect(safePost('file:///etc/passwd', '{}', {}, { allowedHosts: [] })).rejects.toBeInstanceOf(UnsafeTargetError);
    await expect(safePost('http://u:p@127.0.0.1/', '{}', {}, { allowedHosts: ['127.0.0.1'] })).rejects.toBeInstanceOf(
      UnsafeTargetError,
    );
  });

  it('returns a 3xx as its status and never follows the Location', async () => {
    let port = 0;
    const s = await server((req, res) => {
      if (req.url === '/second') {
        res.end('followed');
        return;
      }
      res.writeHead(302, { location: `http://127.0.0.1:${port}/second` });
      res.end('moved');
    });
    port = s.port;
    const result = await safePost(`http://127.0.0.1:${port}/first`, '{}', {}, { allowedHosts: ['127.0.0.1'] });
    expect(result).toEqual({ status: 302, bodySnippet: 'moved' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(s.received.map((r) => r.url)).toEqual(['/first']);
  });

  it('rejects with "timed out" when the server never answers', async () => {
    const s = await server(() => {
      /* never respond */
    });
    const started = Date.now();
    await expect(
      safePost(`http://127.0.0.1:${s.port}/slow`, '{}', {}, { allowedHosts: ['127.0.0.1'] }, { timeoutMs: 300 }),
    ).rejects.toThrow(/timed out/);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(1500);
  });

  it('counts a hanging DNS lookup against the timeout', async () => {
    const hang: HostLookup = () => new Promise(() => undefined);
    await expect(
      safePost('http://receiver.test/', '{}', {}, { allowedHosts: ['receiver.test'] }, { timeoutMs: 200, lookup: hang }),
    ).rejects.toThrow(/timed out/);
  });

  it('times out a response body that trickles forever', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200);
      res.write('partial');
    });
    await expect(
      safePost(`http://127.0.0.1:${s.port}/`, '{}', {}, { allowedHosts: ['127.0.0.1'] }, { timeoutMs: 300 }),
    ).rejects.toThrow(/timed out/);
  });

  it('reads at most 64 KiB of the response and returns a 500-char snippet', async () => {
    const s = await server((_req, res) => {
      res.writeHead(500);
      // More than the cap, and never ended: the client must stop on its own.
      res.write('x'.repeat(200 * 1024));
    });
    const started = Date.now();
    const result = await safePost(`http://127.0.0.1:${s.port}/`, '{}', {}, { allowedHosts: ['127.0.0.1'] }, { timeoutMs: 3000 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result.status).toBe(500);
    expect(result.bodySnippet).toBe('x'.repeat(500));
  });

  it('connects to the validated address even if DNS would answer differently later (rebinding)', async () => {
    const s = await server((_req, res) => res.end('pinned'));
    // First answer is the one that gets checked; any later answer points somewhere else.
    const answers = ['127.0.0.1', '192.0.2.1'];
    let calls = 0;
    const lookup: HostLookup = async () => {
      const address = answers[Math.min(calls, answers.length - 1)];
      calls += 1;
      return [{ address, family: 4 }];
    };
    const result = await safePost(
      `http://receiver.test:${s.port}/rebind`,
      '{"x":1}',
      {},
      { allowedHosts: ['receiver.test'] },
      { lookup, timeoutMs: 2000 },
    );
    expect(result).toEqual({ status: 200, bodySnippet: 'pinned' });
    expect(calls).toBe(1);
    expect(s.received).toHaveLength(1);
    expect(s.received[0].url).toBe('/rebind');
    expect(s.received[0].headers.host).toBe(`receiver.test:${s.port}`);
  });

  it('surfaces a connection error as a rejection', async () => {
    const s = await startServer(() => undefined);
    const { port } = s;
    await s.close();
    await expect(safePost(`http://127.0.0.1:${port}/`, '{}', {}, { allowedHosts: ['127.0.0.1'] }, { timeoutMs: 2000 })).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });
});
