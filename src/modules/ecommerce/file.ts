// The module file dist/richpanel.ecommerce.min.js: registers the module with the core that loaded it.
import { register } from '../register.js';
import { ecommerce } from './ecommerce.js';

register(ecommerce());
