import { existsSync, mkdtempSync, symlinkSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run } from './helpers/processes';

/**
 * Compiles a private copy of the API once for the whole fault suite (the scenarios run it as separate
 * processes they can stop, restart and kill), into a temporary directory rather than dist/. The copy
 * resolves its dependencies through a link to this checkout's node_modules.
 */
export default async function globalSetup(): Promise<void> {
  const root = resolve(__dirname, '..', '..');
  const state = mkdtempSync(join(tmpdir(), 'hv-faults-'));
  const build = join(state, 'build');
  const started = Date.now();
  const tsc = await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', build], {
    cwd: root,
    timeoutMs: 300_000,
    allowFailure: true,
  });
  if (!existsSync(join(build, 'src', 'main.js'))) {
    throw new Error(`The fault suite could not compile the API:\n${tsc.stdout}\n${tsc.stderr}`);
  }
  if (tsc.code !== 0) {
    // Type errors still emit JavaScript; the lint step reports them. The suite tests what runs.
    console.error(`fault suite: the API compiled with type errors (tsc exit ${tsc.code}):\n${tsc.stdout.split('\n').slice(0, 20).join('\n')}`);
  }
  symlinkSync(join(root, 'node_modules'), join(build, 'node_modules'), 'dir');
  copyFileSync(join(root, 'package.json'), join(build, 'package.json'));
  process.env.HV_FAULTS_STATE = state;
  process.env.HV_FAULTS_BUILD = build;
  process.env.HV_FAULTS_ROOT = root;
  console.error(`\nfault suite: API compiled into ${build} in ${Date.now() - started} ms`);
}
