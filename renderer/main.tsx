import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'diff2html/bundles/css/diff2html.min.css';
import './styles/app.css';
import { ApiContext, pickApi } from './api/client';
import { App } from './app/App';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <ApiContext.Provider value={pickApi()}>
      <App />
    </ApiContext.Provider>
  </StrictMode>,
);
