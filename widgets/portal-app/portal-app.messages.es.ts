import type { Translation } from '../core/i18n.js';
import type { messages } from './portal-app.messages.js';

export default {
  skipToMain: 'Saltar al contenido principal',
  sections: 'Secciones',
  account: 'Tu cuenta',
  loading: 'Cargando tu portal…',
  signInAgain: 'Volver a iniciar sesión',
  signOut: 'Cerrar sesión',
  passwordAndEmail: 'Contraseña y correo electrónico',
  signOutFailed: 'No se pudo cerrar sesión: inténtalo de nuevo',
  title: (section: string, provider: string) => `${section} — ${provider}`,
  dashboard: 'Panel',
  leads: 'Leads',
  bids: 'Pujas',
  marketplace: 'Mercado',
  limits: 'Límites de puja',
  notifications: 'Notificaciones',
  billing: 'Facturación',
  team: 'Equipo',
} satisfies Translation<typeof messages>;
