import type { Translation } from '../core/i18n.js';
import es from '../core/messages.es.js';
import type { messages } from './account-status.messages.js';

export default {
  banners: {
    inactive: { title: 'Cuenta inactiva', text: es.noFunds },
    paused: { title: 'Cuenta en pausa', text: 'Tus pujas no compiten mientras la cuenta está en pausa.' },
    archived: { title: 'Cuenta archivada', text: 'Esta cuenta es de solo lectura: no gana ni compra leads.' },
  },
  contact: 'Contacta a tu proveedor',
  contactAt: (email: string) => `en ${email}`,
} satisfies Translation<typeof messages>;
