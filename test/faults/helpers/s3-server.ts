import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Child, freePort, waitUntil } from './processes';

/** s3rver in a process of its own, so it can be stopped and started again on the same port and directory. */
const SERVER = `
const S3rver = require('s3rver');
const [port, directory, bucket] = process.argv.slice(1);
new S3rver({ port: Number(port), address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] })
  .run()
  .then(() => console.log('listening'), (e) => { console.error(e); process.exit(1); });
`;

export class S3Server {
  private child: Child | undefined;
  readonly bucket = 'hirevision-media';

  private constructor(
    readonly port: number,
    readonly directory: string,
  ) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The env that points the API at this server. */
  get env(): Record<string, string> {
    return {
      S3_BUCKET: this.bucket,
      S3_REGION: 'us-east-1',
      S3_ENDPOINT: this.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    };
  }

  static async start(): Promise<S3Server> {
    const server = new S3Server(await freePort(), mkdtempSync(join(tmpdir(), 'hv-faults-s3-')));
    await server.startServer();
    return server;
  }

  async startServer(): Promise<void> {
    const root = process.env.HV_FAULTS_ROOT ?? process.cwd();
    this.child = Child.start(`s3rver on ${this.port}`, process.execPath, ['-e', SERVER, String(this.port), this.directory, this.bucket], { cwd: root });
    const child = this.child;
    await waitUntil(
      async () => {
        if (!child.running) throw new Error('exited');
        return child.logs().includes('listening') && (await this.accepts()) ? true : undefined;
      },
      20_000,
      () => `s3rver on ${this.port} did not start:\n${child.tail(20)}`,
    );
  }

  async stopServer(): Promise<void> {
    await this.child?.stop('SIGTERM');
  }

  /** Whether something accepts TCP connections on the port. */
  accepts(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = connect(this.port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
  }

  /** Where s3rver keeps an object's bytes. */
  objectFile(key: string): string {
    return join(this.directory, this.bucket, `${key}._S3rver_object`);
  }

  hasObject(key: string): boolean {
    return existsSync(this.objectFile(key));
  }

  async destroy(): Promise<void> {
    await this.child?.stop('SIGKILL');
    rmSync(this.directory, { recursive: true, force: true });
  }
}
