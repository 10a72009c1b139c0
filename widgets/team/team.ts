import { html, nothing, type PropertyDeclarations } from 'lit';
import { ApiError, type ApiClient } from '../core/api-client.js';
import type { components } from '../core/api-types.js';
import { define } from '../core/define.js';
import { errorText, renderAlert, renderConfirm, renderFieldError } from '../core/feedback.js';
import { formatDate } from '../core/format.js';
import { formStyles } from '../core/form-styles.js';
import { coreMessages } from '../core/messages.js';
import { renderLoadError, renderLoading } from '../core/load-states.js';
import { LpElement } from '../core/lp-element.js';
import { sharedStyles } from '../core/shared-styles.js';
import { tableStyles } from '../core/table-styles.js';
import { initialState, Task } from '../core/task.js';
import { themeStyles } from '../core/theme.js';
import { messages as m } from './team.messages.js';
import { styles } from './team.styles.js';

type Team = components['schemas']['Team'];
type Member = Team['members'][number];
type Invite = Team['invites'][number];
type Role = Member['role'];
const ROLES = Object.keys(m.roles) as Role[];
const nameOf = (member: Member) => member.name ?? member.email ?? member.user_id;

/**
 * @summary The customer's users and their roles, for its admins: change a role, remove a user, invite someone by
 * email with a role, withdraw a pending invitation.
 *
 * Users whose access comes from the provider's own sign-in are shown read-only. The server keeps the last admin
 * (its refusal is shown above the list). Other roles see a notice instead: the server refuses them the team.
 *
 * @fires lp-load-error - The team could not be loaded.
 * @fires lp-session-expired - Placed alone, when its session ended.
 *
 * @csspart table - The table of users.
 * @csspart invite - The invitation form.
 */
export class LpTeam extends LpElement {
  static override styles = [themeStyles, sharedStyles, tableStyles, formStyles, styles];

  static override properties: PropertyDeclarations = {
    team: { state: true },
    busy: { state: true },
    notice: { state: true },
    actionError: { state: true },
    emailError: { state: true },
    removing: { state: true },
  };

  private declare team?: Team;
  /** A user id, an invite id or 'invite' while its request runs. */
  private declare busy?: string;
  private declare notice?: string;
  private declare actionError?: string;
  private declare emailError?: string;
  private declare removing?: Member;

  readonly #load = new Task(this, {
    args: () => [this.portal?.client, this.portal?.revision] as const,
    task: async ([client], { signal }) => (client ? (this.team = await client.get<Team>('/team', { signal })) : initialState),
    onError: (error) => error instanceof ApiError && this.emit('lp-load-error', { error, path: '/team' }),
  });

  protected override render() {
    const loading = () => renderLoading(m.loading);
    // The task's reply, then this widget's own changes to it.
    const team = () => (this.team ? this.#renderTeam(this.team) : loading());
    return this.#load.render({
      initial: loading,
      pending: team,
      complete: team,
      // Other roles may not see the team (team.manage): say so instead of an error.
      error: (error) => (error instanceof ApiError && error.status === 403 ? html`<p class="notice tone-neutral">${m.adminsOnly}</p>` : renderLoadError(error, () => void this.#load.run())),
    });
  }

  #renderTeam(team: Team) {
    const roleOptions = (chosen: Role) => ROLES.map((role) => html`<option value=${role} ?selected=${role === chosen}>${m.roles[role]}</option>`);
    return html`<p class="muted" role="status">${this.notice}</p>
      ${renderAlert(this.actionError)}
      <div class="scroll" tabindex="0" role="region" aria-labelledby="caption">
        <table part="table">
          <caption id="caption">${m.caption}</caption>
          <thead>
            <tr>${m.columns.map((c) => html`<th scope="col">${c}</th>`)}</tr>
          </thead>
          <tbody>
            ${team.members.map((member) => {
              const name = nameOf(member);
              return html`<tr>
                <th scope="row">${name}</th>
                <td>${member.email}</td>
                <td>
                  ${member.editable
                    ? html`<select aria-label=${m.roleOf(name)} @change=${(e: Event) => this.#changeRole(member, e.target as HTMLSelectElement)}>
                        ${roleOptions(member.role)}
                      </select>`
                    : html`${m.roles[member.role]} (${m.fromProvider})`}
                </td>
                <td>${member.editable ? html`<button type="button" class="button small danger" @click=${() => this.#ask(member)}>${m.remove}</button>` : nothing}</td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
      <h2 id="invite-title">${m.inviteTitle}</h2>
      <p class="muted" id="invite-hint">${m.inviteHint}</p>
      <form part="invite" aria-labelledby="invite-title" aria-describedby="invite-hint" @submit=${this.#invite}>
        <div class="field">
          <label for="email">${m.email}</label>
          <input id="email" name="email" type="email" required autocomplete="off" aria-invalid=${this.emailError ? 'true' : 'false'} aria-describedby=${this.emailError ? 'email-error' : nothing} />
          ${renderFieldError('email', this.emailError)}
        </div>
        <div class="field role">
          <label for="role">${m.role}</label>
          <select id="role" name="role">${roleOptions('viewer')}</select>
        </div>
        <button type="submit" class="button primary" aria-disabled=${this.busy === 'invite' ? 'true' : nothing}>${this.busy === 'invite' ? coreMessages.saving : m.invite}</button>
      </form>
      ${team.invites.length
        ? html`<h2>${m.pending}</h2>
            <ul>
              ${team.invites.map(
                (invite) => html`<li>
                  <span>${invite.email} · ${m.roles[invite.role]} · <span class="muted">${m.expires(formatDate(invite.expires_at, this.resolvedLocale))}</span></span>
                  <button type="button" class="button small" aria-disabled=${this.busy === invite.id ? 'true' : nothing} @click=${() => this.#withdraw(invite)}>${m.withdraw}</button>
                </li>`,
              )}
            </ul>`
        : nothing}
      ${renderConfirm({
        title: m.confirmTitle,
        text: m.confirmText(this.removing ? nameOf(this.removing) : ''),
        action: m.remove,
        busy: !!this.removing && this.busy === this.removing.user_id,
        onConfirm: this.#remove,
        onClose: () => (this.removing = undefined),
      })}`;
  }

  /** Runs one change at a time; a refusal (e.g. the last admin) shows above the list in the server's words. */
  async #run(id: string, work: (client: ApiClient) => Promise<string | undefined>): Promise<void> {
    const client = this.portal?.client;
    if (!client || this.busy) return;
    Object.assign(this, { busy: id, actionError: '', notice: '' });
    try {
      this.notice = await work(client);
    } catch (error) {
      const refused = error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 401;
      this.actionError = refused ? error.message : errorText(error, coreMessages.actionFailed);
    } finally {
      this.busy = undefined;
    }
  }

  #changeRole(member: Member, select: HTMLSelectElement): void {
    const role = select.value as Role;
    void this.#run(member.user_id, async (client) => {
      this.team = await client.request<Team>('PATCH', `/team/members/${member.user_id}`, { role });
      return m.done.changed(nameOf(member));
    }).then(() => (select.value = this.team!.members.find((x) => x.user_id === member.user_id)?.role ?? member.role));
  }

  #ask(member: Member): void {
    this.removing = member;
    this.renderRoot.querySelector('dialog')!.showModal();
  }

  #remove = async (): Promise<void> => {
    const member = this.removing!;
    const dialog = this.renderRoot.querySelector('dialog')!;
    await this.#run(member.user_id, async (client) => {
      await client.request('DELETE', `/team/members/${member.user_id}`);
      this.team = { ...this.team!, members: this.team!.members.filter((x) => x.user_id !== member.user_id) };
      return m.done.removed(nameOf(member));
    });
    dialog.close();
  };

  #invite = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    // The browser checked the email (type=email, required); the server checks it again.
    const email = (form.elements.namedItem('email') as HTMLInputElement).value.trim().toLowerCase();
    const role = (form.elements.namedItem('role') as HTMLSelectElement).value as Role;
    this.emailError = undefined;
    await this.#run('invite', async (client) => {
      try {
        const invite = await client.post<Invite>('/team/invites', { email, role });
        // A new invitation to the same email replaces the open one.
        this.team = { ...this.team!, invites: [...this.team!.invites.filter((i) => i.email !== email), invite] };
        form.reset();
        return m.done.invited(email);
      } catch (error) {
        // A field the server names (e.g. already on the team) goes beside the input.
        if (error instanceof ApiError && error.fields['email']) return void (this.emailError = error.fields['email']);
        throw error;
      }
    });
    await this.updateComplete;
    if (this.emailError) form.querySelector('input')!.focus();
  };

  #withdraw(invite: Invite): void {
    void this.#run(invite.id, async (client) => {
      await client.request('DELETE', `/team/invites/${invite.id}`);
      this.team = { ...this.team!, invites: this.team!.invites.filter((i) => i.id !== invite.id) };
      return m.done.withdrawn(invite.email);
    });
  }
}

define('lp-team', LpTeam);

declare global {
  interface HTMLElementTagNameMap {
    'lp-team': LpTeam;
  }
}
