/**
 * @module main
 * Entry point: mounts the dashboard (a Preact app; docs/dependencies.md).
 */
import { render } from 'preact';
import { App } from './app';
import './styles.css';

render(<App />, document.getElementById('app')!);
