import { nothing } from 'lit';
import { Directive, directive, type ElementPart } from 'lit/directive.js';

/**
 * `<input ${fieldState(invalid, describedBy)}>`: marks a control invalid (`aria-invalid`, and `data-invalid`
 * to find the first one) and points `aria-describedby` at its hint and error. A fieldset gets no
 * `aria-invalid`, which its group role does not take. Only in an element's tag: it sets that element's attributes.
 */
class FieldState extends Directive {
  render(_invalid: boolean, _describedBy: string) {
    return nothing;
  }

  override update(part: ElementPart, [invalid, describedBy]: [boolean, string]) {
    const { element } = part;
    element.toggleAttribute('data-invalid', invalid);
    if (element.localName !== 'fieldset') element.setAttribute('aria-invalid', String(invalid));
    if (describedBy) element.setAttribute('aria-describedby', describedBy);
    else element.removeAttribute('aria-describedby');
    return nothing;
  }
}

export const fieldState = directive(FieldState);
