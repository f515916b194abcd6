/** The registry cannot be reached when a service starts: a clear reason instead of a hang. */
export class DiscoveryUnavailableError extends Error {
  override name = 'DiscoveryUnavailableError';
}
