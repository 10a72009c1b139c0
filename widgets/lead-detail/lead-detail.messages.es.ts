import type { Translation } from '../core/i18n.js';
import type { messages } from './lead-detail.messages.js';

const channels: Record<string, string> = { email: 'correo electrónico', sms: 'SMS' };

export default {
  loading: 'Cargando el lead…',
  unnamed: 'Lead sin nombre',
  returned: 'Devuelto',
  price: 'Precio',
  purchased: 'Comprado',
  leadType: 'Tipo de lead',
  source: 'Origen',
  sourceOfBid: (kind: string, bid: string) => `${kind}: ${bid}`,
  location: 'Ubicación',
  fields: 'Datos del lead',
  timeline: 'Historial',
  returnTitle: 'Devolución',
  statuses: { pending: 'Devolución pendiente', approved: 'Devolución aprobada', denied: 'Devolución rechazada' },
  yes: 'Sí',
  no: 'No',
  requestedOn: (reason: string, date: string) => `${reason} — solicitada el ${date}`,
  decision: (note: string) => `Nota del proveedor: ${note}`,
  reason: 'Motivo',
  chooseReason: 'Elige un motivo',
  note: 'Nota (opcional)',
  deadline: (date: string) => `Plazo para devoluciones: ${date}`,
  policy: 'Política de devoluciones',
  submit: 'Solicitar devolución',
  submitting: 'Solicitando…',
  requested: 'Devolución solicitada. Tu proveedor la revisará.',
  failed: 'No se pudo solicitar la devolución. Inténtalo de nuevo.',
  viewer: 'Tu rol puede ver los leads, pero no devolverlos.',
  timelineText: {
    purchased: (price: string) => `Comprado por ${price}`,
    return_requested: (reason: string) => `Devolución solicitada: ${reason}`,
    return_approved: 'Devolución aprobada: el precio se reembolsó a tu billetera',
    return_denied: 'Devolución rechazada',
  },
  notification: (event: string, to: string, status: string) => `${event}${to ? ` a ${to}` : ''}: ${status}`,
  events: { 'lead.purchased': 'Aviso de nuevo lead', 'return.decided': 'Aviso de decisión de devolución' },
  channel: (channel: string, recipient: string) => `${recipient} (${channels[channel] ?? channel})`,
  deliveries: { queued: 'en cola', pending: 'esperando envío', sending: 'enviando', sent: 'enviado', failed: 'falló, reintentando', dead: 'no entregado' },
} satisfies Translation<typeof messages>;
