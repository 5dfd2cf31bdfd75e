import type { Ref } from 'react';

/** The text field for a meeting server's address (first-run card, Settings): typed as a URL, never autocorrected. */
export function ServerAddressInput(props: {
  id: string;
  testId: string;
  value: string;
  onChange(value: string): void;
  invalid: boolean;
  describedBy: string;
  readOnly?: boolean;
  inputRef?: Ref<HTMLInputElement>;
}) {
  return (
    <input
      ref={props.inputRef}
      id={props.id}
      data-testid={props.testId}
      type="url"
      inputMode="url"
      autoComplete="off"
      spellCheck={false}
      placeholder="https://meet.example.com"
      value={props.value}
      readOnly={props.readOnly}
      onChange={(event) => props.onChange(event.target.value)}
      aria-invalid={props.invalid || undefined}
      aria-describedby={props.describedBy}
    />
  );
}
