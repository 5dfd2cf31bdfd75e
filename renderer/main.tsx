import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { logPageErrors } from './app/log';
import { bridge } from './bridge/bridge';
import './styles.css';
import './theme/theme.css';

logPageErrors(window, bridge);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
