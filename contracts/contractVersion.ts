/** Version of the wire contracts and ordering rules; recorded in every history, summary and baseline. */
export const CONTRACT_VERSION = '1.1.0';
