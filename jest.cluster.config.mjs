// The cluster suite (`npm run test:cluster`): two API processes behind a round-robin proxy on one PostgreSQL
// and one Redis. Kept out of `npm test`, which needs no database server; everything else is jest.config.js.
import base from './jest.config.js';

export default {
  ...base,
  testRegex: ['test/cluster/.*\\.cluster-spec\\.ts$'],
  globalSetup: '<rootDir>/test/cluster/global-setup.ts',
  testTimeout: 60000,
  maxWorkers: 1,
};
