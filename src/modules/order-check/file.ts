// The module file dist/richpanel.order-check.min.js: registers the module with the core that loaded it.
import { register } from '../register.js';
import { orderCheck } from './order-check.js';

register(orderCheck());
