import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppProvider } from '@shopify/polaris';
import en from '@shopify/polaris/locales/en.json';
import '@shopify/polaris/build/esm/styles.css';
import { AppShell } from './app/app-shell.js';
import { RouterLink } from './app/app-link.js';
import { getSessionToken } from './get-session-token.js';

// Every page's first request needs a session token: ask for it while the page's code downloads.
getSessionToken().catch(() => undefined);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <AppProvider i18n={en} linkComponent={RouterLink}>
      <AppShell />
    </AppProvider>
  </StrictMode>,
);
