import type { Translation } from '../core/i18n.js';
import type { messages } from './team.messages.js';

export default {
  loading: 'Chargement de l’équipe…',
  adminsOnly: 'Seul un administrateur de ce compte gère ses utilisateurs.',
  caption: 'Utilisateurs',
  columns: ['Nom', 'Courriel', 'Rôle', ''],
  roles: { admin: 'Administrateur', buyer: 'Acheteur', billing: 'Facturation', viewer: 'Lecteur' },
  roleOf: (name: string) => `Rôle de ${name}`,
  fromProvider: 'défini par votre fournisseur',
  remove: 'Retirer',
  invite: 'Inviter',
  inviteTitle: 'Inviter quelqu’un',
  inviteHint: 'La personne reçoit un courriel avec un lien pour rejoindre ce compte; il fonctionne une seule fois, pendant 7 jours.',
  email: 'Courriel',
  role: 'Rôle',
  pending: 'Invitations en attente',
  expires: (date: string) => `expire le ${date}`,
  withdraw: 'Annuler l’invitation',
  confirmTitle: 'Retirer cet utilisateur?',
  confirmText: (name: string) => `${name} perd l’accès immédiatement.`,
  done: {
    invited: (email: string) => `Invitation envoyée à ${email}.`,
    withdrawn: (email: string) => `L’invitation à ${email} a été annulée.`,
    changed: (name: string) => `Le rôle de ${name} a été modifié.`,
    removed: (name: string) => `Accès de ${name} retiré.`,
  },
} satisfies Translation<typeof messages>;
