import { defineConfig } from '@garrison/kit';

/** Analytics has no settings of its own beyond the kit's base configuration. */
export const config = defineConfig({});
