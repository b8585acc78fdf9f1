// Progressive enhancements for Health Connect pages. Every feature here already works without
// this file; it only adds what native HTML cannot do alone. No eval, no inline handlers: the CSP forbids both.

// Dialogs: browsers without invoker commands (`commandfor`) get the same behaviour from here.
if (!("commandForElement" in HTMLButtonElement.prototype)) {
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[commandfor]");
    const dialog = button && document.getElementById(button.getAttribute("commandfor"));
    if (!(dialog instanceof HTMLDialogElement)) return;
    const command = button.getAttribute("command");
    if (command === "show-modal" && !dialog.open) dialog.showModal();
    if ((command === "close" || command === "request-close") && dialog.open) dialog.close();
  });
}

// Lightboxes (<dialog data-lightbox>): stepping to the neighbour closes the image left behind,
// and the arrow keys step in reading order (in Arabic and Persian the right arrow goes back).
document.addEventListener("click", (event) => {
  const step = event.target.closest("[data-lightbox-step]");
  const current = step && step.closest("dialog[data-lightbox]");
  if (current && current.open) current.close();
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
  const dialog = event.target.closest && event.target.closest("dialog[data-lightbox][open]");
  if (!dialog) return;
  const forward = (event.key === "ArrowRight") !== (getComputedStyle(dialog).direction === "rtl");
  const button = dialog.querySelector(`[data-lightbox-step="${forward ? "next" : "previous"}"]`);
  if (button) {
    event.preventDefault();
    button.click();
  }
});

// Disclosure menus (<details data-menu>): Escape closes them and returns focus to their button;
// a click elsewhere closes them.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  for (const menu of document.querySelectorAll("details[data-menu][open]")) {
    menu.open = false;
    menu.querySelector("summary")?.focus();
  }
});
document.addEventListener("click", (event) => {
  for (const menu of document.querySelectorAll("details[data-menu][open]")) {
    if (!menu.contains(event.target)) menu.open = false;
  }
});
// Following a link inside an open menu closes it, so the target is not hidden behind it.
document.addEventListener("click", (event) => {
  const link = event.target.closest("details[data-menu] a[href*='#']");
  if (link) link.closest("details").open = false;
});

// Tabs: the server sends in-page links and every panel; here they become an ARIA tab list.
for (const root of document.querySelectorAll("[data-tabs]")) enhanceTabs(root);

function enhanceTabs(root) {
  const list = root.querySelector("[data-tabs-list]");
  const tabs = [...root.querySelectorAll("[data-tab]")];
  const panels = tabs.map((tab) => document.getElementById(tab.dataset.tab));
  if (!list || tabs.length === 0 || panels.includes(null)) return;
  list.setAttribute("role", "tablist");
  tabs.forEach((tab, index) => {
    tab.id = `${tab.dataset.tab}-tab`;
    tab.setAttribute("role", "tab");
    tab.setAttribute("aria-controls", panels[index].id);
    tab.parentElement.setAttribute("role", "presentation");
    panels[index].setAttribute("role", "tabpanel");
    panels[index].setAttribute("aria-labelledby", tab.id);
    panels[index].tabIndex = 0;
    panels[index].querySelector("[data-tab-heading]")?.classList.add("sr-only");
    tab.addEventListener("click", (event) => {
      event.preventDefault();
      select(index, true);
    });
  });
  list.addEventListener("keydown", (event) => {
    const current = tabs.indexOf(document.activeElement);
    if (current < 0) return;
    const forward = document.dir === "rtl" ? "ArrowLeft" : "ArrowRight";
    const backward = document.dir === "rtl" ? "ArrowRight" : "ArrowLeft";
    const target = { [forward]: current + 1, [backward]: current - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    select((target + tabs.length) % tabs.length, true);
  });
  function select(index, focus) {
    tabs.forEach((tab, i) => {
      const selected = i === index;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
      panels[i].hidden = !selected;
    });
    if (focus) tabs[index].focus();
  }
  const fromHash = tabs.findIndex((tab) => `#${tab.dataset.tab}` === location.hash);
  select(fromHash >= 0 ? fromHash : 0, false);
}

// A form's error summary takes focus, so screen readers announce the problems first.
document.querySelector("[data-error-summary]")?.focus();

// After htmx swaps a form in, its error summary takes focus, as on a full page load.
// (With an outerHTML swap the event's target is the replaced element, so look in the document.)
document.addEventListener("htmx:afterSettle", () => {
  document.querySelector("[data-error-summary]")?.focus();
});

// Sign-up: the account starts in the browser's time zone (the server checks it is an IANA name).
for (const field of document.querySelectorAll("form input[type=hidden][name=time_zone]")) {
  if (!field.value) field.value = Intl.DateTimeFormat().resolvedOptions().timeZone ?? "";
}
