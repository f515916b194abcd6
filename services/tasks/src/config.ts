import { defineConfig } from '@garrison/kit';

/** The tracker has no settings of its own beyond the kit's base configuration. */
export const config = defineConfig({});
