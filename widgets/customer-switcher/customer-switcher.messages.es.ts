import type { Translation } from '../core/i18n.js';
import type { messages } from './customer-switcher.messages.js';

export default {
  loading: 'Cargando clientes…',
  customer: 'Cliente',
  menu: 'Cambiar de cliente',
  status: { active: 'Activo', paused: 'En pausa', archived: 'Archivado' },
  create: 'Crear una nueva cuenta de cliente',
  createIntro: 'Serás su administrador. Tiene su propia billetera, pujas y configuración.',
  name: 'Nombre del negocio',
  nameRequired: 'Escribe el nombre del negocio.',
  submit: 'Crear cuenta',
  submitting: 'Creando…',
  createFailed: 'No se pudo crear la cuenta. Inténtalo de nuevo.',
} satisfies Translation<typeof messages>;
