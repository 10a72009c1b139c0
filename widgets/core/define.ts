type VersionedElement = CustomElementConstructor & { version?: string };

/**
 * Registers a custom element unless the tag is taken. A page may load the widgets twice or beside another
 * build, and `customElements.define` would throw on the second copy; this skips it instead, warning when the
 * copies differ in version. Never throws.
 */
export function define(tag: string, element: VersionedElement): void {
  const existing = customElements.get(tag) as VersionedElement | undefined;
  if (existing) {
    if (existing !== element && existing.version !== element.version) {
      console.warn(
        `<${tag}> is already defined (version ${existing.version ?? 'unknown'}); skipping version ${element.version ?? 'unknown'}.`,
      );
    }
    return;
  }
  try {
    customElements.define(tag, element);
  } catch (error) {
    console.warn(`<${tag}> could not be defined:`, error);
  }
}
