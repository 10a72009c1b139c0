import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { useLocale } from '../core/i18n.js';
import { a11yViolations } from '../core/testing/axe.js';
import { shadowText, textOf } from '../core/testing/dom.js';
import { fakeToken } from '../core/testing/fake-token.js';
import { fixtureTransport, loadFixture, type FixtureOptions, type FixtureTransport } from '../core/testing/fixture-transport.js';
import './team.js';
import type { LpTeam } from './team.js';

interface Team {
  members: { user_id: string; name: string; role: string }[];
  invites: { id: string; email: string }[];
}

let transport: FixtureTransport;
let team: Team;

async function mount(scenario = 'crew', options?: FixtureOptions) {
  transport = fixtureTransport(scenario, options);
  return fixture<LpTeam>(html`<lp-team token=${fakeToken()} customer-id=${scenario} locale="en-US" .transport=${transport}></lp-team>`);
}

async function ready(scenario = 'crew') {
  const element = await mount(scenario);
  await waitUntil(() => !element.shadowRoot!.querySelector('.skeleton'), 'not loaded');
  return element;
}

const root = (element: LpTeam) => element.shadowRoot!;
const rowOf = (element: LpTeam, name: string) => [...root(element).querySelectorAll('tbody tr')].find((row) => textOf(row.querySelector('th')) === name)!;
const button = (scope: ParentNode, label: string) => [...scope.querySelectorAll<HTMLButtonElement>('button')].find((b) => textOf(b) === label)!;
const status = (element: LpTeam) => textOf(root(element).querySelector('[role="status"]'));
const sent = (method: string) => transport.requests.filter((r) => r.method === method).map((r) => new URL(r.url).pathname.replace('/api/v1', ''));
const idOf = (name: string) => team.members.find((m) => m.name === name)!.user_id;

function choose(select: HTMLSelectElement, value: string) {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('<lp-team>', () => {
  before(async () => {
    team = await loadFixture<Team>('crew', 'team');
  });

  it('shows a skeleton while loading, and a retry when loading failed', async () => {
    const loading = await mount('crew', { delayMs: Infinity });
    expect(root(loading).querySelector('.skeleton')).to.exist;
    expect(shadowText(loading)).to.contain('Loading the team…');
    const failed = await mount('crew', { fail: 'server-error' });
    await waitUntil(() => root(failed).querySelector('[role="alert"]'), 'no error');
    expect(button(root(failed), 'Try again')).to.exist;
    expect(await a11yViolations(failed)).to.deep.equal([]);
  });

  it('lists the users with a role to change and a remove button each, and the open invitations; axe-clean', async () => {
    const element = await ready();
    for (const member of team.members) {
      const row = rowOf(element, member.name);
      expect(row.querySelector('select')!.value).to.equal(member.role);
      expect(row.querySelector('select')!.getAttribute('aria-label')).to.equal(`Role of ${member.name}`);
      expect(button(row, 'Remove')).to.exist;
    }
    expect(textOf(root(element).querySelector('li'))).to.match(/^cory@crewroofing\.example · Viewer · expires Dec 3, 2026/);
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('changes a role with the server’s reply, and shows the last-admin refusal in its words, the select back as it was', async () => {
    const element = await ready();
    choose(rowOf(element, 'Bob Buyer').querySelector('select')!, 'viewer');
    await waitUntil(() => status(element) === 'Changed Bob Buyer’s role.', 'not changed');
    expect(sent('PATCH')).to.deep.equal([`/team/members/${idOf('Bob Buyer')}`]);
    expect(rowOf(element, 'Bob Buyer').querySelector('select')!.value).to.equal('viewer');

    const ava = rowOf(element, 'Ava Admin').querySelector('select')!;
    choose(ava, 'viewer');
    await waitUntil(() => root(element).querySelector('[role="alert"]'), 'no refusal');
    expect(textOf(root(element).querySelector('[role="alert"]'))).to.equal('A customer needs at least one admin: make someone else admin first');
    await waitUntil(() => ava.value === 'admin', 'the select kept the refused role');
    expect(await a11yViolations(element)).to.deep.equal([]);
  });

  it('removes a user after the confirm dialog (Cancel first keeps them)', async () => {
    const element = await ready();
    button(rowOf(element, 'Bea Billing'), 'Remove').click();
    const dialog = root(element).querySelector('dialog')!;
    await waitUntil(() => dialog.open, 'no dialog');
    expect(textOf(dialog)).to.contain('Bea Billing loses access at once.');
    expect(await a11yViolations(element)).to.deep.equal([]);
    button(dialog, 'Cancel').click();
    expect(dialog.open).to.be.false;
    expect(sent('DELETE')).to.deep.equal([]);

    button(rowOf(element, 'Bea Billing'), 'Remove').click();
    button(dialog, 'Remove').click();
    await waitUntil(() => status(element) === 'Removed Bea Billing.', 'not removed');
    expect(dialog.open).to.be.false;
    expect(sent('DELETE')).to.deep.equal([`/team/members/${idOf('Bea Billing')}`]);
    expect(rowOf(element, 'Bea Billing')).to.be.undefined;
  });

  it('invites by email with a role once the browser accepts the email, and withdraws an invitation', async () => {
    const element = await ready();
    const form = root(element).querySelector('form')!;
    const email = form.querySelector<HTMLInputElement>('#email')!;
    for (const wrong of ['', 'not an email']) {
      email.value = wrong;
      button(form, 'Invite').click();
      await element.updateComplete;
      expect(email.validity.valid, wrong).to.be.false;
    }
    expect(sent('POST')).to.deep.equal([]);

    email.value = 'Cory@CrewRoofing.example';
    choose(form.querySelector<HTMLSelectElement>('#role')!, 'viewer');
    button(form, 'Invite').click();
    await waitUntil(() => status(element) === 'Invited cory@crewroofing.example.', 'not invited');
    expect(await transport.requests.find((r) => r.method === 'POST')!.clone().json()).to.deep.equal({ email: 'cory@crewroofing.example', role: 'viewer' });
    expect(root(element).querySelectorAll('li')).to.have.length(1); // the new invitation replaces the open one
    expect(email.value).to.equal('');

    button(root(element).querySelector('li')!, 'Withdraw').click();
    await waitUntil(() => status(element) === 'Withdrew the invitation to cory@crewroofing.example.', 'not withdrawn');
    expect(sent('DELETE')).to.deep.equal([`/team/invites/${team.invites[0]!.id}`]);
    expect(root(element).querySelector('li')).to.be.null;
  });

  it('tells a non-admin that only admins manage the team, with nothing to change', async () => {
    const element = await ready('limited');
    await waitUntil(() => shadowText(element).includes('Only an admin'), 'no notice');
    expect(root(element).querySelectorAll('button, select, input')).to.have.length(0);
    expect(await a11yViolations(element)).to.deep.equal([]);
  });
});

describe('<lp-team> in other languages', () => {
  afterEach(() => useLocale('en'));

  it('switches between Spanish, French and English with its locale', async () => {
    const element = await fixture<LpTeam>(html`<lp-team token=${fakeToken()} customer-id="crew" locale="es-MX" .transport=${fixtureTransport('crew')}></lp-team>`);
    const caption = () => textOf(root(element).querySelector('caption'));
    await waitUntil(() => caption() === 'Usuarios', 'no Spanish');
    expect(textOf(root(element).querySelector('#invite-title'))).to.equal('Invitar a alguien');
    expect(textOf(root(element).querySelector('li'))).to.contain(' · Lector · vence el ');
    expect(await a11yViolations(element)).to.deep.equal([]);

    element.locale = 'fr-CA';
    await waitUntil(() => caption() === 'Utilisateurs', 'no French');
    expect(textOf(root(element).querySelector('#invite-title'))).to.equal('Inviter quelqu’un');
    expect(textOf(root(element).querySelector('li'))).to.contain(' · Lecteur · expire le ');

    element.locale = 'en-US';
    await waitUntil(() => caption() === 'Users', 'English did not come back');
    expect(textOf(root(element).querySelector('#invite-title'))).to.equal('Invite someone');
  });
});
