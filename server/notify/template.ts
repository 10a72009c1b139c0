/**
 * Webhook payload templates (SPEC "Notifications"): JSON text with `{{ name }}` placeholders. A placeholder inside a
 * JSON string is replaced by the value as string content; anywhere else by the value as JSON, so
 * `{"amount": {{ charged_amount }}, "who": "{{ lead.first_name }} {{ lead.last_name }}"}` stays valid JSON.
 */
export const TEMPLATE_VARIABLES = [
  'idempotency_id', 'kind', 'created_at', 'charged_amount', 'lead_type', 'scope', 'deliverable_fields', 'lead_id', 'purchase_id', 'bid_id',
] as const;

export type TemplateValues = Record<(typeof TEMPLATE_VARIABLES)[number], unknown> & { lead: Record<string, unknown> };

const PLACEHOLDER = /^\{\{\s*([a-z_][a-z0-9_]*(?:\.[A-Za-z0-9_-]+)?)\s*\}\}/;

export class TemplateError extends Error {}

function valueOf(name: string, values: TemplateValues): unknown {
  if (name.startsWith('lead.')) return values.lead[name.slice(5)] ?? null;
  if (!(TEMPLATE_VARIABLES as readonly string[]).includes(name)) throw new TemplateError(`Unknown variable {{ ${name} }}`);
  return values[name as keyof TemplateValues] ?? null;
}

/** The rendered JSON object; a template that is not a JSON object once filled in is refused. */
export function renderTemplate(template: string, values: TemplateValues): Record<string, unknown> {
  let out = '';
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const ch = template[i]!;
    const placeholder = ch === '{' && template[i + 1] === '{' ? PLACEHOLDER.exec(template.slice(i)) : null;
    if (placeholder) {
      const value = valueOf(placeholder[1]!, values);
      const json = JSON.stringify(value) ?? 'null';
      out += inString ? JSON.stringify(typeof value === 'string' ? value : json).slice(1, -1) : json;
      i += placeholder[0].length - 1;
      continue;
    }
    if (inString && ch === '\\') {
      out += ch + (template[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '"') inString = !inString;
    out += ch;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(out);
  } catch {
    throw new TemplateError('The template is not valid JSON once its variables are filled in');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new TemplateError('The template must be a JSON object');
  return parsed as Record<string, unknown>;
}

/** Sample values to check a template when it is saved. */
export const SAMPLE_VALUES: TemplateValues = {
  idempotency_id: 'dlv_sample', kind: 'lead.purchased', created_at: '2026-01-01T00:00:00.000Z', charged_amount: 2500, lead_type: 'Sample',
  scope: { kind: 'nationwide', state: null, county_fips: null }, deliverable_fields: {}, lead_id: 'lead_sample', purchase_id: 'pur_sample',
  bid_id: 'bid_sample', lead: {},
};

/** GET webhooks send their values as query parameters (D21): nested keys dotted, non-strings as JSON. */
export function toQuery(payload: Record<string, unknown>): URLSearchParams {
  const params = new URLSearchParams();
  const add = (prefix: string, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) add(prefix ? `${prefix}.${key}` : key, inner);
    } else params.append(prefix, typeof value === 'string' ? value : JSON.stringify(value ?? null));
  };
  add('', payload);
  return params;
}
