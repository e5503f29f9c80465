import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** The node flags of a command that runs dist/src/main.js. */
function nodeFlags(command: string[]): string[] {
  expect(command[0]).toBe('node');
  expect(command[command.length - 1]).toBe('dist/src/main.js');
  return command.slice(1, -1);
}

/** `NAME=value` → [NAME, value]; the value may hold `=`. */
function assignment(word: string): [string, string] {
  const at = word.indexOf('=');
  return [word.slice(0, at), word.slice(at + 1)];
}

/** `npm start`: environment assignments, then the node command. */
function startScript(): { env: Record<string, string>; command: string[] } {
  const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start;
  const words = start.split(' ');
  const assignments = words.filter((word) => /^[A-Z_]+=/.test(word));
  expect(words.slice(0, assignments.length)).toEqual(assignments);
  return { env: Object.fromEntries(assignments.map(assignment)), command: words.slice(assignments.length) };
}

describe('deployment', () => {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

  it('the image starts the API with the same node flags as `npm start` (the heap and thread settings, see README)', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(cmd).toBeDefined();
    const flags = nodeFlags(startScript().command);
    expect(flags).toEqual(expect.arrayContaining(['--heap-growing-percent=100', '--max-semi-space-size=8', '--v8-pool-size=1']));
    expect(nodeFlags(JSON.parse(cmd!) as string[])).toEqual(flags);
  });

  it('the image sets the environment `npm start` sets (the allocator setting, see README)', () => {
    const { env } = startScript();
    expect(env).toEqual({ MALLOC_TRIM_THRESHOLD_: '65536' });
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    const block = /^ENV ((?:.*\\\n)*.*)$/m.exec(runtime)?.[1] ?? '';
    const imageEnv = Object.fromEntries(block.split(/\s*\\\n\s*|\s+/).filter(Boolean).map(assignment));
    for (const [name, value] of Object.entries(env)) expect(imageEnv[name]).toBe(value);
  });
});
