// Adds package-lock entries for optional platform-specific packages (other OS/CPU builds of @swc/core and the like)
// that the registry in use did not list, so that `npm ci` accepts the lock file on every platform. Run after `npm install <pkg>`.
import { readFileSync, writeFileSync } from 'node:fs';
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const pkgs = lock.packages;
let added = 0;
const plat = (name) => {
  const n = name.split('/').pop();
  const os = ['darwin','win32','linux','android','freebsd','openharmony','sunos','aix','netbsd','openbsd'].find((o) => n.includes(o));
  const cpu = ['arm64','x64','ia32','arm','ppc64','s390x','riscv64','loong64','wasm32','mips64el'].find((c) => n.includes(`-${c}`));
  const libc = n.includes('musl') ? ['musl'] : n.includes('gnu') ? ['glibc'] : undefined;
  return { os, cpu, libc };
};
for (const [path, meta] of Object.entries(pkgs)) {
  for (const [dep, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const base = path ? `${path}/node_modules/${dep}` : `node_modules/${dep}`;
    const top = `node_modules/${dep}`;
    if (pkgs[base] || pkgs[top]) continue;
    const { os, cpu, libc } = plat(dep);
    if (!os && !cpu) continue;
    pkgs[top] = { version: version.replace(/^[\^~]/, ''), dev: meta.dev, optional: true, ...(cpu ? { cpu: [cpu] } : {}), ...(os ? { os: [os] } : {}), ...(libc ? { libc } : {}) };
    if (!pkgs[top].dev) delete pkgs[top].dev;
    added++;
  }
}
const sorted = Object.fromEntries(Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
lock.packages = sorted;
writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
console.error(`added ${added} entries`);
