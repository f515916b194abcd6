export {
  PgBossScheduler,
  SchedulerConfigError,
  type JobRun,
  type JobSpec,
  type RunAtOptions,
  type Scheduler,
} from './scheduler.js';
