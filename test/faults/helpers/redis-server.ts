import { execFileSync } from 'node:child_process';
import Redis from 'ioredis';
import { Child, freePort, isExecutable, waitUntil } from './processes';

/** redis-server: FAULTS_REDIS_SERVER, else the one on PATH. */
export function redisServerBinary(): string {
  const configured = process.env.FAULTS_REDIS_SERVER;
  if (configured) {
    if (!isExecutable(configured)) throw new Error(`FAULTS_REDIS_SERVER=${configured} is not an executable`);
    return configured;
  }
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      'The fault suite needs redis-server to run a private Redis, and found none on PATH. ' +
        'Install it (Debian/Ubuntu: apt-get install redis-server) or point FAULTS_REDIS_SERVER at it.',
    );
  }
}

/** A Redis server of this test file's own on a free port, without persistence: stopping it disturbs no one. */
export class RedisServer {
  private child: Child | undefined;

  private constructor(
    private readonly bin: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<RedisServer> {
    const server = new RedisServer(redisServerBinary(), await freePort());
    await server.startServer();
    return server;
  }

  /** Starts (again) on the same port; returns when it answers PING. */
  async startServer(): Promise<number> {
    const started = Date.now();
    this.child = Child.start(`redis-server on ${this.port}`, this.bin, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no']);
    const child = this.child;
    await waitUntil(
      async () => {
        if (!child.running) throw new Error('exited');
        return (await this.ping()) ? true : undefined;
      },
      15_000,
      () => `redis-server on ${this.port} did not answer PING:\n${child.tail(20)}`,
    );
    return Date.now() - started;
  }

  async stopServer(signal: NodeJS.Signals = 'SIGTERM') {
    return this.child?.stop(signal);
  }

  /** SIGSTOP: the server keeps its connections open but answers nothing (a hung or overloaded Redis). */
  pause(): void {
    if (this.child) process.kill(this.child.pid, 'SIGSTOP');
  }

  resume(): void {
    if (this.child) process.kill(this.child.pid, 'SIGCONT');
  }

  async ping(): Promise<boolean> {
    const client = this.client();
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  }

  async keys(pattern: string): Promise<string[]> {
    const client = this.client();
    try {
      await client.connect();
      return await client.keys(pattern);
    } finally {
      client.disconnect();
    }
  }

  private client(): Redis {
    const client = new Redis(this.url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000, disconnectTimeout: 100 });
    client.on('error', () => undefined);
    return client;
  }

  async destroy(): Promise<void> {
    if (this.child?.running) this.resume();
    await this.child?.stop('SIGKILL');
  }
}
