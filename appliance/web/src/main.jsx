import { render } from 'preact';
import { App } from './shell/App.jsx';
import './styles.css';

render(<App />, document.getElementById('app'));

// Browsers allow service workers over HTTPS and on localhost only.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch(() => {
    // Without a service worker the client works, only not offline.
  });
}
