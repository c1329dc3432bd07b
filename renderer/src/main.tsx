import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { installTestHooks } from './test-hooks/install-test-hooks';
import './styles.css';

// A build-time constant: false in the shipped bundle, which then holds no test hook at all.
if (__CAPSTAN_TEST_HOOKS__) installTestHooks();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
