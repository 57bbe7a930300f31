// The config form's wording, now the window's own: every field of the contract is shown once, in its
// section, with its label and help; sections come in their order and none is empty; the password field
// says where the password is without showing it; each connection test step has a name.
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { CONFIG_FORM_FIELDS, connectionStepSchema } from '../../../../main/shared/contract';
import {
  CONFIG_FIELD_GROUPS,
  CONFIG_FIELD_LABELS,
  passwordPlaceholder,
} from '../../../../renderer/src/labels/config-fields';
import { CONNECTION_STEP_LABELS } from '../../../../renderer/src/labels/connection-steps';
import { ConfigFormView } from '../../../../renderer/src/views/ConfigForm';
import { sampleForm } from '../fake-client';

afterEach(cleanup);

function renderForm(hasPassword = true, passwordInKeychain = false) {
  return render(
    <ConfigFormView
      form={sampleForm()}
      problems={[]}
      lockedKeys={[]}
      hasPassword={hasPassword}
      passwordInKeychain={passwordInKeychain}
      onChange={() => undefined}
    />,
  );
}

describe('config form labels', () => {
  it('shows the sections in order, none empty', () => {
    const { container } = renderForm();
    const legends = [...container.querySelectorAll('fieldset > legend')].map((l) => l.textContent);
    expect(legends).toEqual([...CONFIG_FIELD_GROUPS]);
    for (const fieldset of container.querySelectorAll('fieldset')) {
      expect(fieldset.querySelectorAll('[data-testid^="config-field-"]').length).toBeGreaterThan(0);
    }
  });

  it.each(CONFIG_FORM_FIELDS)('shows $key once, in its section, with its label and help', (spec) => {
    const { container } = renderForm();
    const text = CONFIG_FIELD_LABELS[spec.key];
    expect(text.label.trim()).not.toBe('');
    expect(text.help.trim()).not.toBe('');
    expect(screen.getAllByTestId(`config-field-${spec.key}`)).toHaveLength(1);
    const input = screen.getByTestId(`config-field-${spec.key}`);
    const section = input.closest('fieldset');
    expect(section?.querySelector('legend')?.textContent).toBe(text.group);
    expect(container.querySelector(`label[for="${input.id}"]`)?.textContent).toBe(text.label);
    const help = input.getAttribute('aria-describedby') ?? '';
    // `key` in a help text shows as code, without the backticks.
    const shown = within(section as HTMLElement).getByText((_, el) => el?.id === help);
    expect(shown.textContent).toBe(text.help.replace(/`/g, ''));
    expect(shown.textContent).not.toContain('`');
    if (text.help.includes('`')) expect(shown.querySelector('code')).not.toBeNull();
  });

  it('says where the password is, never the password', () => {
    expect(passwordPlaceholder(false, false)).toBe('not set');
    expect(passwordPlaceholder(true, false)).toContain('unchanged');
    expect(passwordPlaceholder(true, true)).toContain('keychain');
    renderForm(false, true);
    const input = screen.getByTestId('config-field-auth.password') as HTMLInputElement;
    expect(input.placeholder).toBe(passwordPlaceholder(false, true));
    expect(input.value).toBe('');
  });
});

describe('connection step labels', () => {
  it('names every step of the connection test, each differently', () => {
    const names = connectionStepSchema.options.map((step) => CONNECTION_STEP_LABELS[step]);
    for (const name of names) expect(name.trim()).not.toBe('');
    expect(new Set(names).size).toBe(names.length);
  });
});
