// @garrison/kit/etcd — etcd for cluster mode, kept off the main entry so a static-discovery service
// never loads the etcd client (its gRPC stack costs seconds at start on a busy machine).
export { EtcdDiscovery, type EtcdDiscoveryOptions } from '../discovery/etcd-discovery.js';
export { startEtcdServer, etcdBinary, ETCD_INSTALL_HINT, type EtcdServer } from './etcd-server.js';
