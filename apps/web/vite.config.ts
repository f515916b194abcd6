import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The gateway serves `build/` in production. In development `vite` serves the app and forwards every
// `/api` request (WebSocket upgrades included) to a running gateway: `npm start`'s default port, or
// another one given as GARRISON_GATEWAY_URL.
const gateway = process.env.GARRISON_GATEWAY_URL ?? 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'build', emptyOutDir: true },
  server: {
    proxy: {
      '/api': {
        target: gateway,
        changeOrigin: true,
        ws: true,
        // The page's origin is vite's here; auth refuses a cookie session whose Origin is not the host
        // the gateway was asked for (CSRF, ADR 250), so the request is presented as coming from the
        // gateway's own origin, as it does in production.
        configure: (proxy) =>
          proxy.on('proxyReq', (request) => {
            if (request.getHeader('origin') !== undefined)
              request.setHeader('origin', new URL(gateway).origin);
          }),
      },
    },
  },
});
