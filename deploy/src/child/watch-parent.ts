/**
 * Preloaded into every service the launcher starts (`node --import <this>`). Services run in their own
 * process group so that Ctrl-C reaches only the launcher, which then stops them in order; the price is
 * that a launcher killed outright (SIGKILL, a crashed test worker) would leave them running. The IPC
 * channel closes when the launcher dies, whatever the cause: the service then stops itself gracefully.
 */
if (process.channel) {
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  // The channel must not keep an otherwise finished service alive.
  process.channel.unref();
}

export {};
