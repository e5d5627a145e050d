import '@tanstack/react-query';

declare module '@tanstack/react-query' {
  interface Register {
    mutationMeta: {
      /** Do not announce a failure of this mutation with a notification. */
      silent?: boolean;
    };
  }
}
