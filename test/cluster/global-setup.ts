import globalSetup from '../setup/global-setup';
import { checkClusterServices } from './prerequisites';

/** Fails the run at once, naming what is missing, when PostgreSQL or Redis is not there; then the usual migrated template. */
export default async function clusterGlobalSetup(): Promise<void> {
  await checkClusterServices();
  await globalSetup();
}
