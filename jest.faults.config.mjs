// The fault suite (`npm run test:faults`): the API as a separate process while its PostgreSQL restarts,
// its Redis stops, its object storage goes away, and its embedded database is killed mid-write. It needs
// PostgreSQL server binaries (initdb, pg_ctl) and redis-server, so it is kept out of `npm test`.
import base from './jest.config.js';

export default {
  ...base,
  testRegex: ['test/faults/.*\\.faults-spec\\.ts$'],
  globalSetup: '<rootDir>/test/faults/global-setup.ts',
  globalTeardown: '<rootDir>/test/faults/global-teardown.ts',
  testTimeout: 180000,
  maxWorkers: 1,
};
