export const SESSION_COOKIE = 'verdant_session';
