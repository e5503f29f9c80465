import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// s3rver ships no type declarations; this is the slice of its API the tests use.
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: {
  port: number;
  address: string;
  silent: boolean;
  directory: string;
  configureBuckets: { name: string; configs?: string[] }[];
}) => S3rverInstance;

/** One rule of the bucket's CORS configuration, as S3's PutBucketCors takes it. */
export interface S3CorsRule {
  allowedOrigins: string[];
  allowedMethods: Array<'GET' | 'PUT' | 'POST' | 'DELETE' | 'HEAD'>;
  allowedHeaders?: string[];
  exposeHeaders?: string[];
  maxAgeSeconds?: number;
}

export interface LocalS3Options {
  /** The bucket's CORS rules; without them the bucket answers no browser preflight, as S3 does. */
  cors?: S3CorsRule[];
}

export interface LocalS3 {
  endpoint: string;
  bucket: string;
  /** The env that points the API at this server. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

const xmlText = (value: string): string => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function corsXml(rules: S3CorsRule[]): string {
  const element = (name: string, values: readonly (string | number)[] = []) => values.map((v) => `<${name}>${xmlText(String(v))}</${name}>`).join('');
  const body = rules
    .map(
      (rule) =>
        '<CORSRule>' +
        element('AllowedOrigin', rule.allowedOrigins) +
        element('AllowedMethod', rule.allowedMethods) +
        element('AllowedHeader', rule.allowedHeaders) +
        element('ExposeHeader', rule.exposeHeaders) +
        element('MaxAgeSeconds', rule.maxAgeSeconds === undefined ? [] : [rule.maxAgeSeconds]) +
        '</CORSRule>',
    )
    .join('');
  return `<CORSConfiguration>${body}</CORSConfiguration>`;
}

/** An S3-compatible server (s3rver, from the npm registry) on a free loopback port, for one test file. */
export async function startLocalS3(bucket = 'hirevision-media', options: LocalS3Options = {}): Promise<LocalS3> {
  const S3rver = createRequire(__filename)('s3rver') as S3rverConstructor;
  const directory = mkdtempSync(join(tmpdir(), 'hirevision-s3-'));
  const configs = options.cors?.length ? [corsXml(options.cors)] : [];
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: bucket, configs }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    env: { S3_BUCKET: bucket, S3_REGION: 'us-east-1', S3_ENDPOINT: endpoint, S3_FORCE_PATH_STYLE: 'true', S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER' },
    async stop() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
