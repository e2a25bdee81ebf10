
(() => {
  'use strict';
  // Without this script the report still reads: every row is in the page,
  // and the toolbars stay hidden (they show only under `.js`).
  document.documentElement.classList.add('js');
  const fmt = (n) => n.toLocaleString('en-US');

  for (const section of document.querySelectorAll('[data-table]')) {
    const table = section.querySelector('table');
    if (!table) continue;
    const body = table.tBodies[0];
    // The text a row is searched by: its cells' texts joined by a space,
    // lowercased (the Rust side's `Row::search_text`).
    let items = Array.from(body.rows, (row) => ({
      row,
      text: Array.from(row.cells, (c) => c.textContent).join(' ').toLowerCase(),
    }));
    const total = items.length;
    const search = section.querySelector('input[type=search]');
    const selects = Array.from(section.querySelectorAll('select[data-col]'));
    const count = section.querySelector('[data-count]');
    const none = section.querySelector('[data-none]');
    section.dataset.visible = String(total);

    const apply = () => {
      const needle = search.value.trim().toLowerCase();
      const facets = selects
        .filter((s) => s.value !== '')
        .map((s) => [Number(s.dataset.col), s.value]);
      let shown = 0;
      for (const { row, text } of items) {
        let keep = needle === '' || text.includes(needle);
        for (const [col, value] of facets) {
          if (keep && row.cells[col].textContent !== value) keep = false;
        }
        if (row.hidden === keep) row.hidden = !keep;
        if (keep) shown += 1;
      }
      count.textContent = shown === total
        ? `${fmt(total)} ${total === 1 ? 'row' : 'rows'}`
        : `${fmt(shown)} of ${fmt(total)} rows`;
      none.hidden = shown !== 0;
      section.dataset.visible = String(shown);
    };

    let timer = 0;
    search.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(apply, total > 2000 ? 120 : 40);
    });
    for (const s of selects) s.addEventListener('change', apply);
    section.querySelector('.reset').addEventListener('click', () => {
      search.value = '';
      for (const s of selects) s.value = '';
      apply();
      search.focus();
    });

    // Sorting: click a header; again to reverse.
    const heads = Array.from(table.tHead.rows[0].cells);
    heads.forEach((th, col) => {
      th.querySelector('.sort').addEventListener('click', () => {
        const descending = th.getAttribute('aria-sort') === 'ascending';
        for (const h of heads) h.removeAttribute('aria-sort');
        th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
        const numeric = th.hasAttribute('data-num');
        const key = (it) => it.row.cells[col].textContent;
        const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
        const compare = numeric
          ? (a, b) => (parseFloat(key(a).replace(/,/g, '')) || 0) - (parseFloat(key(b).replace(/,/g, '')) || 0)
          : (a, b) => collator.compare(key(a), key(b));
        items = items
          .map((it, i) => [it, i])
          .sort((a, b) => (descending ? -1 : 1) * compare(a[0], b[0]) || a[1] - b[1])
          .map(([it]) => it);
        const frag = document.createDocumentFragment();
        for (const it of items) frag.appendChild(it.row);
        body.appendChild(frag);
      });
    });
  }

  // A bar with a filter puts it into the first table's filter box.
  const first = document.querySelector('[data-table] input[type=search]');
  for (const bar of document.querySelectorAll('[data-filter]')) {
    bar.addEventListener('click', () => {
      if (!first) return;
      first.value = bar.getAttribute('data-filter');
      first.dispatchEvent(new Event('input'));
      first.closest('[data-table]').scrollIntoView({ behavior: 'smooth', block: 'start' });
    });
  }
})();
