import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { sizeReport } from './size-report-plugin.js';

// The admin: web/index.html → web/dist, served by server/app.ts, which fills in the App Bridge tags per mode.
// Paths are resolved from this file so the build works from any working directory.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react(), sizeReport()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
  },
});
