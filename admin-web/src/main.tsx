import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AdminApp } from './app.tsx';
import { loadWebConfig } from './runtime-config.ts';

const root = createRoot(document.getElementById('root')!);
loadWebConfig().then(
  (config) =>
    root.render(
      <StrictMode>
        <AdminApp config={config} />
      </StrictMode>,
    ),
  (error: Error) => root.render(<pre style={{ padding: 24 }}>管理中心无法启动 (cannot start): {error.message}</pre>),
);
