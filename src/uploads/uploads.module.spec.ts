import { loadConfig } from '../config/app-config';
import { MediaStorage } from './storage/media-storage';
import { UploadsModule } from './uploads.module';

let mockSdkLoaded = false;
jest.mock('@aws-sdk/client-s3', () => {
  mockSdkLoaded = true;
  return jest.requireActual('@aws-sdk/client-s3');
});

const ENV = { NODE_ENV: 'test', JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789' };

function storage(env: Record<string, string>): MediaStorage {
  const providers = UploadsModule.forRoot(loadConfig({ ...ENV, ...env })).providers ?? [];
  const provider = providers.find((p) => typeof p === 'object' && 'provide' in p && p.provide === MediaStorage) as { useValue: MediaStorage };
  return provider.useValue;
}

describe('UploadsModule', () => {
  it('loads the AWS SDK only when S3 is configured', () => {
    expect(storage({}).backend).toBe('local');
    expect(mockSdkLoaded).toBe(false);
    expect(storage({ S3_BUCKET: 'media', S3_ENDPOINT: 'http://127.0.0.1:4569' }).backend).toBe('s3');
    expect(mockSdkLoaded).toBe(true);
  });
});
