/** The error code of an error frame that carries none (the real `{"type":"error","message":…}`); allow it by this name. */
export const NO_ERROR_CODE = '(none)';
