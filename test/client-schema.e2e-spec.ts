import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const SCHEMA = 'client/schema.d.ts';

/**
 * Runs the `client` script of package.json with its own flags, writing to `output` instead of the
 * committed file. The generator runs in a child process: it is an ES module whose dependencies Jest
 * would have to transform, and this way the test cannot drift from the script.
 */
function generate(output: string): string {
  const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.client;
  const [bin, ...args] = script.trim().split(/\s+/);
  expect(bin).toBe('openapi-typescript');
  const o = args.findIndex((a) => a === '-o' || a === '--output');
  expect(args[o + 1]).toBe(SCHEMA);
  args[o + 1] = output;
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'), ...args], { cwd: ROOT, stdio: 'pipe' });
  return readFileSync(output, 'utf8');
}

describe('typed client', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hirevision-client-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('committed client/schema.d.ts matches openapi.json (run `npm run client` after `npm run openapi`)', () => {
    const generated = generate(join(dir, 'schema.d.ts'));
    const committed = readFileSync(join(ROOT, SCHEMA), 'utf8');
    if (generated !== committed) {
      const a = generated.split('\n');
      const b = committed.split('\n');
      const line = a.findIndex((l, i) => l !== b[i]);
      throw new Error(
        `${SCHEMA} is stale: run \`npm run client\`.\nFirst difference at line ${line + 1}:\n  generated: ${a[line]}\n  committed: ${b[line]}`,
      );
    }
  });
});
