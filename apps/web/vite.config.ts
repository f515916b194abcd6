import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The gateway serves `build/` in production. In development `vite` serves the app and forwards every
// `/api` request (WebSocket upgrades included) to a gateway running on its default port.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'build', emptyOutDir: true },
  server: {
    proxy: {
      '/api': { target: 'http://localhost:8080', changeOrigin: true, ws: true },
    },
  },
});
