/**
 * Message catalogues (issue 10). Each widget's `*.messages.ts` holds its English text, wrapped in `localized()` with
 * loaders for its other languages (`*.messages.es.ts`, `*.messages.fr-CA.ts`), which are separate chunks loaded on
 * first use. The page shows one language at a time: a widget whose locale changes asks for it, every catalogue is
 * replaced in place, and every widget renders again. English stays in the bundle as the fallback.
 */

/** A catalogue in another language: the same keys; strings, string lists, or functions of the same arguments. */
export type Translation<T> = T extends (...args: infer A) => string
  ? (...args: A) => string
  : T extends string
    ? string
    : T extends readonly string[]
      ? readonly string[]
      : { readonly [K in keyof T]: Translation<T[K]> };

export type Loaders = Record<string, () => Promise<{ default: object }>>;
type Catalogue = Record<string, unknown>;

const catalogues: { messages: Catalogue; english: Catalogue; loaders: Loaders }[] = [];
/** Widgets on the page (added on connect, deleted on disconnect): they render again when the language changes. */
export const widgets = new Set<{ requestUpdate(): void }>();
let language = 'en';

const isPlain = (value: unknown): value is Catalogue => typeof value === 'object' && value !== null && !Array.isArray(value);
const copy = (from: Catalogue): Catalogue => Object.fromEntries(Object.entries(from).map(([k, v]) => [k, isPlain(v) ? copy(v) : v]));

function assign(target: Catalogue, from: Catalogue): void {
  for (const [key, value] of Object.entries(from)) {
    if (isPlain(value) && isPlain(target[key])) assign(target[key] as Catalogue, value);
    else target[key] = value;
  }
}

/** The catalogue for `locale` among `available`: the exact one (`fr-CA`), else one of its language (`es-MX` → `es`). */
export function catalogueFor(locale: string, available: string[]): string | undefined {
  const language = (tag: string) => tag.split('-')[0];
  return available.find((key) => key === locale) ?? available.find((key) => language(key) === language(locale));
}

async function apply(entry: (typeof catalogues)[number], wanted: string): Promise<void> {
  const key = catalogueFor(wanted, Object.keys(entry.loaders));
  const text = key ? ((await entry.loaders[key]!()).default as Catalogue) : entry.english;
  if (language === wanted) assign(entry.messages, text);
}

/** Registers an English catalogue with the loaders of its translations (its strings are replaced in place later). */
export function localized(messages: object, loaders: Loaders): void {
  const entry = { messages: messages as Catalogue, english: copy(messages as Catalogue), loaders };
  catalogues.push(entry);
  // A widget loaded after the page chose another language.
  if (language !== 'en') void apply(entry, language).then(refresh);
}

function refresh(): void {
  for (const widget of widgets) widget.requestUpdate();
}

/** Shows every catalogue in `locale`'s language (English when there is none); widgets render again once loaded. */
export function useLocale(locale: string): Promise<void> {
  const wanted = catalogueFor(locale, ['en', 'es', 'fr-CA']) ?? 'en';
  if (wanted === language) return Promise.resolve();
  language = wanted;
  return Promise.all(catalogues.map((entry) => apply(entry, wanted))).then(() => {
    if (language === wanted) refresh();
  });
}
