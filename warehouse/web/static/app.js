// evidence: the few things the pages do in the browser. Text from the server is only ever
// put in the page with textContent (never innerHTML).
"use strict";

async function review(box, status) {
  const message = box.querySelector(".review-message");
  const note = box.querySelector("textarea[name=note]");
  message.className = "review-message";
  message.textContent = "saving…";
  try {
    const response = await fetch(`/api/flags/${encodeURIComponent(box.dataset.flag)}/review`, {
      method: "POST",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify({status: status, note: note ? note.value : null}),
    });
    const body = await response.json();
    if (!response.ok) {
      message.className = "review-message error";
      message.textContent = body.message || `error ${response.status}`;
      return;
    }
    const shown = box.querySelector("[data-testid=status]");
    shown.textContent = body.status;
    shown.className = `status status-${body.status}`;
    message.textContent = "saved";
  } catch (err) {
    message.className = "review-message error";
    message.textContent = `could not save: ${err}`;
  }
}

function marked(snippet) {
  // a snippet whose matched words are between « and » -> text nodes and <mark>s
  const out = document.createDocumentFragment();
  const parts = snippet.split(/[«»]/);
  parts.forEach((part, i) => {
    if (i % 2 === 1) {
      const m = document.createElement("mark");
      m.textContent = part;
      out.appendChild(m);
    } else {
      out.appendChild(document.createTextNode(part));
    }
  });
  return out;
}

function liveSearch(form) {
  const input = form.querySelector("input[name=q]");
  const list = document.querySelector("[data-testid=hits]");
  let timer = null;
  let last = input.value;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = input.value.trim();
      if (!q || q === last) return;
      last = q;
      const params = new URLSearchParams({q: q, limit: "50"});
      form.querySelectorAll("input[name=kind]:checked").forEach((k) => params.append("kind", k.value));
      const response = await fetch(`/api/search?${params}`);
      if (!response.ok || input.value.trim() !== q) return;
      const body = await response.json();
      list.replaceChildren(...body.hits.map((h) => {
        const li = document.createElement("li");
        li.className = `hit hit-${h.kind}`;
        const a = document.createElement("a");
        a.className = "hit-link";
        a.href = h.url;
        const tag = document.createElement("span");
        tag.className = "tag";
        tag.textContent = h.kind;
        a.append(tag, ` ${h.title}, p. ${h.page}`);
        const p = document.createElement("p");
        p.className = "snippet";
        p.appendChild(marked(h.snippet));
        li.append(a, p);
        return li;
      }));
      history.replaceState(null, "", `/search?${params}`);
    }, 250);
  });
}

function linkFactRows() {
  // on a page view: hovering a fact's row lights up its box on the page image
  document.querySelectorAll("tr[data-box]").forEach((row) => {
    const box = document.getElementById(row.dataset.box);
    if (!box) return;
    row.addEventListener("mouseenter", () => box.classList.add("on"));
    row.addEventListener("mouseleave", () => box.classList.remove("on"));
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".review").forEach((box) => {
    box.querySelectorAll("button[data-review]").forEach((button) => {
      button.addEventListener("click", () => review(box, button.dataset.review));
    });
  });
  const form = document.querySelector("form[data-live-search]");
  if (form) liveSearch(form);
  linkFactRows();
});
