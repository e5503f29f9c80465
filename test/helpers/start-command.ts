import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The environment and node flags `npm start` runs the API with (package.json): the processes the cluster
 * and fault suites and the read benchmark start run as deployed (heap, thread and allocator settings).
 */
export function startCommand(): { env: Record<string, string>; flags: string[] } {
  const start = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start;
  const match = /^((?:\w+=\S+ )*)node((?: --[\w-]+(?:=\S+)?)*) dist\/src\/main\.js$/.exec(start);
  if (!match) throw new Error(`Unexpected start script: ${start}`);
  const env = Object.fromEntries(match[1].split(' ').filter(Boolean).map((word) => /^(\w+)=(.*)$/.exec(word)!.slice(1, 3)));
  return { env, flags: match[2].split(' ').filter(Boolean) };
}
