/** Where the backend reports what it does; silent by default so tests stay quiet. */
export interface ReferenceLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: ReferenceLogger = {
  info: () => {},
  warn: () => {},
  error: () => {},
};
