// The online store's door: shopper accounts and a shopper's own carts and orders (shop.routes.ts).
export { shopRoutes } from './shop.routes';
export { registerShopMail, SHOP_MAIL_SUBSCRIBER } from './shop.mail';
