// The browser check (`npm run test:browser`): headless Chromium drives the candidate app's path across origins.
// Kept out of `npm test`, which runs where no browser is installed; everything else is jest.config.js.
import base from './jest.config.js';

export default {
  ...base,
  testRegex: ['test/browser/.*\\.browser-spec\\.ts$'],
  testTimeout: 60000,
  maxWorkers: 1,
};
