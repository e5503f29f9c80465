import { rmSync } from 'node:fs';
import { killTracked } from './helpers/processes';

export default async function globalTeardown(): Promise<void> {
  const state = process.env.HV_FAULTS_STATE;
  if (!state) return;
  const killed = killTracked(state);
  if (killed.length) console.error(`fault suite: killed processes left running: ${killed.join(', ')}`);
  rmSync(state, { recursive: true, force: true });
}
