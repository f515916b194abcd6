import { ETCD_INSTALL_HINT, etcdBinary } from '../etcd-server/etcd-server.js';

let warned = false;

/**
 * The etcd binary (tests start their own server on free ports), or null — tests then skip with a
 * message; under CI=true its absence fails the run instead.
 */
export function needsEtcd(): string | null {
  const bin = etcdBinary();
  if (bin) return bin;
  if (process.env.CI === 'true')
    throw new Error(`etcd is required in CI but not installed: ${ETCD_INSTALL_HINT}`);
  if (!warned) {
    warned = true;
    console.warn(`skipping: etcd is not installed (${ETCD_INSTALL_HINT}); with CI=true these tests fail`);
  }
  return null;
}
