import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** The node flags of a command that runs dist/src/main.js. */
function nodeFlags(command: string[]): string[] {
  expect(command[0]).toBe('node');
  expect(command[command.length - 1]).toBe('dist/src/main.js');
  return command.slice(1, -1);
}

describe('deployment', () => {
  it('the image starts the API with the same node flags as `npm start` (the heap setting, see README)', () => {
    const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start;
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'))?.[1];
    expect(cmd).toBeDefined();
    const flags = nodeFlags(start.split(' '));
    expect(flags).toContain('--heap-growing-percent=100');
    expect(nodeFlags(JSON.parse(cmd!) as string[])).toEqual(flags);
  });
});
