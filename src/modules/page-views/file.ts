// The module file dist/richpanel.page-views.min.js: registers the module with the core that loaded it.
import { register } from '../register.js';
import { pageViews } from './page-views.js';

register(pageViews());
