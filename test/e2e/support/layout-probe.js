/* global document, getComputedStyle, NodeFilter */
/**
 * Runs in the page (test/e2e/support/page-layout.ts evaluates this file's text there): what is wrong with the
 * layout as the browser laid it out, in words a failure message can show. Plain JavaScript because the
 * project's TypeScript knows no DOM.
 */
function layoutProblems(maxPx) {
  const problems = [];
  const doc = document.documentElement;
  const width = doc.clientWidth;
  const visible = (e) => {
    const r = e.getBoundingClientRect();
    const style = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && style.visibility !== 'hidden';
  };
  const name = (e) => {
    const text = (e.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
    const cls = e.getAttribute('class');
    return `<${e.tagName.toLowerCase()}${cls ? ` class="${cls}"` : ''}>${text ? ` «${text}»` : ''}`;
  };

  if (doc.scrollWidth > width + 1)
    problems.push(`page scrolls sideways: ${doc.scrollWidth} px > ${width} px`);
  for (const e of Array.from(document.body.querySelectorAll('*'))) {
    if (!visible(e) || e.closest('.visually-hidden')) continue;
    const r = e.getBoundingClientRect();
    if (r.right > width + 1) problems.push(`${name(e)} reaches ${Math.round(r.right)} px > ${width} px`);
  }

  for (const input of Array.from(document.querySelectorAll('input[type=radio], input[type=checkbox]'))) {
    if (!visible(input)) continue;
    const box = input.getBoundingClientRect();
    if (box.width > maxPx || box.height > maxPx)
      problems.push(`${input.type} "${input.name}" is ${box.width}×${box.height} px (> ${maxPx})`);
    const label = input.labels?.[0];
    if (!label) {
      problems.push(`${input.type} "${input.name}" has no label`);
      continue;
    }
    const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => ((n.textContent ?? '').trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT),
    });
    const first = walker.nextNode();
    if (!first) {
      problems.push(`${input.type} "${input.name}": its label has no text`);
      continue;
    }
    const range = document.createRange();
    range.selectNodeContents(first);
    const line = range.getClientRects()[0];
    const overlaps = box.top < line.bottom && box.bottom > line.top;
    const before = box.right <= line.left + 1;
    if (!overlaps || !before)
      problems.push(
        `${input.type} "${input.name}" is not beside its label «${(first.textContent ?? '').trim().slice(0, 30)}»: ` +
          `control ${Math.round(box.left)},${Math.round(box.top)}–${Math.round(box.right)},${Math.round(box.bottom)}, ` +
          `text starts ${Math.round(line.left)},${Math.round(line.top)}–${Math.round(line.bottom)}`,
      );
  }

  const buttons = Array.from(document.querySelectorAll('button, a.button')).filter(visible);
  const byParent = new Map();
  for (const b of buttons) byParent.set(b.parentElement, [...(byParent.get(b.parentElement) ?? []), b]);
  for (const group of byParent.values()) {
    for (let i = 0; i < group.length; i++)
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i].getBoundingClientRect();
        const b = group[j].getBoundingClientRect();
        const oneRow = a.top < b.bottom && b.top < a.bottom;
        if (oneRow && Math.abs(a.height - b.height) > 1)
          problems.push(
            `buttons on one row differ in height: ${name(group[i])} ${a.height} px, ${name(group[j])} ${b.height} px`,
          );
      }
  }

  for (const field of Array.from(
    document.querySelectorAll(
      'textarea, select, input:not([type=hidden]):not([type=radio]):not([type=checkbox])',
    ),
  )) {
    if (!visible(field)) continue;
    const form = field.closest('form');
    if (!form) continue;
    const f = form.getBoundingClientRect();
    const r = field.getBoundingClientRect();
    if (r.width < f.width * 0.9)
      problems.push(
        `${name(field)} "${field.getAttribute('name')}" is ${r.width} px in a ${f.width} px form`,
      );
    if (field.tagName === 'TEXTAREA' && r.height < 80)
      problems.push(`textarea "${field.getAttribute('name')}" is only ${r.height} px high`);
  }
  for (const set of Array.from(document.querySelectorAll('fieldset')))
    if (getComputedStyle(set).borderTopStyle === 'groove')
      problems.push('a fieldset keeps the browser’s grooved border');
  return problems;
}

module.exports = layoutProblems;
