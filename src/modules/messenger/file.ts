// The module file dist/richpanel.messenger.min.js: registers the module with the core that loaded it.
import { register } from '../register.js';
import { messenger } from './messenger.js';

register(messenger());
