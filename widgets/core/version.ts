/** The widgets' release; keep equal to package.json "version". `define()` compares it across copies. */
export const VERSION = '0.1.0';
