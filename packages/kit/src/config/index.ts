export { c, type Field } from './fields.js';
export {
  defineConfig,
  ConfigError,
  type ConfigDefinition,
  type ConfigSpec,
  type ConfigValues,
  type ConfigValuesOf,
  type ConfigEntryDoc,
  type Env,
} from './define-config.js';
export { baseConfig, crossCheckBaseConfig, type BaseConfig, type ServiceTable } from './base-config.js';
