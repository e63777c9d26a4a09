import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// One build for every stage: the stage, API URL and sign-in mode come from /config.json at start.
// `npm run dev:web` proxies /api and /config.json to a runner on :3000 (`npm start`).
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    rollupOptions: {
      output: {
        // The UI kit changes less often than our pages: a separate chunk stays cached across deploys.
        manualChunks: (id: string) => {
          if (!id.includes('node_modules')) return undefined;
          if (id.includes('recharts') || id.includes('d3-') || id.includes('victory')) return 'charts';
          if (id.includes('@ant-design') || id.includes('antd') || id.includes('rc-') || id.includes('@rc-component')) return 'antd';
          return 'vendor';
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000', '/config.json': 'http://127.0.0.1:3000' },
  },
});
