// The upload component: each chosen file is sent at once to the upload endpoint, its progress
// shown, then its virus scan's state until it settles. Without this file the form posts its files
// the ordinary way. Every word shown comes from the server, in the page's language.

for (const root of document.querySelectorAll("[data-upload]")) enhance(root);

function enhance(root) {
  const input = root.querySelector("input[type=file]");
  const list = root.querySelector("[data-upload-list]");
  const form = root.closest("form");
  if (!input || !list || !form || !root.dataset.uploadUrl) return;
  // A form that only sends files needs no button once files go as they are chosen.
  if (form.hasAttribute("data-upload-only")) {
    for (const submit of form.querySelectorAll("[data-upload-submit]")) submit.hidden = true;
  }
  const token = form.querySelector("input[name=csrf_token]")?.value ?? "";
  const formToken = root.dataset.formToken;

  input.addEventListener("change", () => {
    for (const file of input.files) send(file);
    input.value = "";
  });

  function send(file) {
    const item = document.createElement("li");
    item.className = "flex flex-col gap-1 rounded-xl border border-line bg-white p-3";
    const name = document.createElement("bdi");
    name.className = "break-words font-semibold";
    name.textContent = file.name;
    const progress = document.createElement("progress");
    progress.className = "w-full";
    progress.max = 1;
    progress.value = 0;
    progress.setAttribute("aria-label", file.name);
    const status = document.createElement("p");
    status.className = "text-sm";
    status.textContent = root.dataset.labelSending;
    item.append(name, progress, status);
    list.append(item);
    for (const empty of document.querySelectorAll("[data-upload-empty]")) empty.hidden = true;

    const body = new FormData();
    body.append("csrf_token", token);
    if (formToken) body.append("form_token", formToken);
    body.append("files", file, file.name);
    const request = new XMLHttpRequest();
    request.open("POST", root.dataset.uploadUrl);
    request.setRequestHeader("Accept", "application/json");
    request.setRequestHeader("X-CSRF-Token", token);
    request.upload.addEventListener("progress", (event) => {
      if (!event.lengthComputable) return;
      progress.max = event.total;
      progress.value = event.loaded;
    });
    request.addEventListener("load", () => {
      progress.remove();
      let answer = null;
      try {
        answer = JSON.parse(request.responseText);
      } catch {
        answer = null;
      }
      const upload = answer?.uploads?.[0];
      const refused = answer?.refused?.[0];
      if (upload) {
        show(item, status, upload);
        const id = document.createElement("input");
        id.type = "hidden";
        id.name = "upload_ids";
        id.value = upload.id;
        form.append(id);
        if (!upload.settled) watch(item, status, upload, 2000, 0);
      } else {
        item.dataset.state = "refused";
        status.textContent = refused?.message ?? answer?.detail ?? root.dataset.labelFailed;
        status.classList.add("font-semibold", "text-red-800");
      }
    });
    request.addEventListener("error", () => {
      progress.remove();
      item.dataset.state = "failed";
      status.textContent = root.dataset.labelFailed;
      status.classList.add("font-semibold", "text-red-800");
    });
    request.send(body);
  }

  function show(item, status, upload) {
    item.dataset.state = upload.state;
    item.dataset.uploadId = upload.id;
    status.textContent = upload.advice ? `${upload.label}. ${upload.advice}` : upload.label;
    status.classList.toggle("text-red-800", upload.state === "infected");
    status.classList.toggle("font-semibold", upload.state === "infected");
  }

  // Asks for the scan's state, less often the longer it takes; the server does not count these
  // requests as activity, so an open page never keeps a session alive.
  function watch(item, status, upload, delay, asked) {
    setTimeout(async () => {
      try {
        const headers = { Accept: "application/json" };
        if (formToken) headers["X-Form-Token"] = formToken;
        const response = await fetch(upload.stateURL, { headers, credentials: "same-origin" });
        if (response.ok) {
          const next = await response.json();
          show(item, status, next);
          if (next.settled) return;
        }
      } catch {
        // The network dropped for a moment: ask again later.
      }
      // After about ten minutes the page stops asking; reloading it shows the state.
      if (asked < 45) watch(item, status, upload, Math.min(delay * 1.5, 15000), asked + 1);
    }, delay);
  }
}
