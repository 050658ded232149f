// Escaping HTML templating shared by every emulator. The gateway has its own (src/http/views/html.ts): emulators
// import nothing from src/, so that a mistake in our client cannot pass on both sides.
/** Markup that is already escaped; only `html` and `raw` make it. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

type Slot = string | number | SafeHtml | null | undefined | false | readonly Slot[];

function render(slot: Slot): string {
  if (slot === null || slot === undefined || slot === false) return '';
  if (slot instanceof SafeHtml) return slot.value;
  if (Array.isArray(slot)) return slot.map(render).join('');
  return escapeHtml(String(slot));
}

/** Template tag: every interpolated value is escaped unless it is SafeHtml; arrays are joined. */
export function html(strings: TemplateStringsArray, ...slots: Slot[]): SafeHtml {
  return new SafeHtml(
    strings.reduce((out, part, i) => out + part + (i < slots.length ? render(slots[i]!) : ''), ''),
  );
}
