import type { Translation } from '../core/i18n.js';
import type { messages } from './team.messages.js';

export default {
  loading: 'Cargando el equipo…',
  adminsOnly: 'Solo un administrador de esta cuenta gestiona sus usuarios.',
  caption: 'Usuarios',
  columns: ['Nombre', 'Correo electrónico', 'Rol', ''],
  roles: { admin: 'Administrador', buyer: 'Comprador', billing: 'Facturación', viewer: 'Lector' },
  roleOf: (name: string) => `Rol de ${name}`,
  fromProvider: 'definido por tu proveedor',
  remove: 'Quitar',
  invite: 'Invitar',
  inviteTitle: 'Invitar a alguien',
  inviteHint: 'Recibirá un correo electrónico con un enlace para unirse a esta cuenta; funciona una sola vez, durante 7 días.',
  email: 'Correo electrónico',
  role: 'Rol',
  pending: 'Invitaciones pendientes',
  expires: (date: string) => `vence el ${date}`,
  withdraw: 'Retirar',
  confirmTitle: '¿Quitar a este usuario?',
  confirmText: (name: string) => `${name} pierde el acceso de inmediato.`,
  done: {
    invited: (email: string) => `Invitaste a ${email}.`,
    withdrawn: (email: string) => `Retiraste la invitación a ${email}.`,
    changed: (name: string) => `Cambiaste el rol de ${name}.`,
    removed: (name: string) => `Quitaste a ${name}.`,
  },
} satisfies Translation<typeof messages>;
