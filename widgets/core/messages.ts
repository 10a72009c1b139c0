/** UI text shared by every widget (English). Each widget keeps its own catalogue beside it. */
export const coreMessages = {
  loading: 'Loading…',
  retry: 'Try again',
  loadFailed: 'This could not be loaded.',
  networkFailed: 'The server could not be reached. Check your connection.',
  reference: (requestId: string) => `Reference: ${requestId}`,
  sessionEnded: 'Your session has ended.',
  sessionEndedHint: 'Sign in again to continue.',
  close: 'Close',
  cancel: 'Cancel',
  saving: 'Saving…',
  loadMore: 'Load more',
  actionFailed: 'That did not work. Try again.',
};
