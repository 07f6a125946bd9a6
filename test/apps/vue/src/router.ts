import { createMemoryHistory, createRouter, createWebHistory } from 'vue-router';
import CartPage from './pages/CartPage.vue';
import HomePage from './pages/HomePage.vue';
import ProductPage from './pages/ProductPage.vue';
import ThanksPage from './pages/ThanksPage.vue';

export const createAppRouter = () =>
  createRouter({
    history: import.meta.env.SSR ? createMemoryHistory() : createWebHistory(),
    routes: [
      { path: '/', component: HomePage },
      { path: '/products/:id', component: ProductPage, props: true },
      { path: '/cart', component: CartPage },
      { path: '/thanks', component: ThanksPage },
    ],
  });
