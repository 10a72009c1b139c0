import type { Translation } from './i18n.js';
import type { coreMessages } from './messages.js';

export default {
  loading: 'Cargando…',
  retry: 'Reintentar',
  loadFailed: 'No se pudo cargar.',
  networkFailed: 'No se pudo conectar con el servidor. Revisa tu conexión.',
  reference: (requestId: string) => `Referencia: ${requestId}`,
  sessionEnded: 'Tu sesión ha terminado.',
  sessionEndedHint: 'Vuelve a iniciar sesión para continuar.',
  close: 'Cerrar',
  cancel: 'Cancelar',
  saving: 'Guardando…',
  loadMore: 'Cargar más',
  actionFailed: 'No funcionó. Inténtalo de nuevo.',
  noFunds: 'Tus fondos no cubren ninguna de tus pujas, así que no recibes leads. Agrega fondos para continuar.',
} satisfies Translation<typeof coreMessages>;
