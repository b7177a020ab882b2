// The chat's page script (no framework; Gradio renders the rest).
// - A citation number ("#cite-T-N": answer T, citation N) opens the Article tab on that
//   answer's passages and scrolls to passage N; its card in the Sources tab is outlined.
// - "Answer shown" pickers switch both panels to an earlier answer's passages.
// - Hover or focus on a number shows the sentence it quotes; "Back to answer N" returns.
// - Each chat message is labelled for assistive technology as plain text, numbers as [n].
(() => {
  const CHIP = /^#cite-(\d+)-(\d+)$/;

  // The reader's choice (answer, citation) outlives a panel re-rendered by a tab switch;
  // a new answer (another count of answers) starts again from the newest.
  let chosen = null;

  function answers() {
    const select = document.querySelector("select.turn-select");
    return select ? select.options.length : 0;
  }

  function showTurn(turn, key = null) {
    const t = String(turn);
    chosen = { turn: t, key, of: answers() };
    document.querySelectorAll(".source-turn").forEach((s) => { s.hidden = s.dataset.turn !== t; });
    document.querySelectorAll(".turn-note[data-turn]").forEach((n) => { n.hidden = n.dataset.turn !== t; });
    document.querySelectorAll("select.turn-select").forEach((s) => { s.value = t; });
    const article = document.querySelector("#article .article");
    if (!article) return;
    article.dataset.turn = t;
    article.querySelectorAll(".cite-span").forEach((m) => {
      m.classList.toggle("on", m.dataset.cites.split(" ").some((c) => c.split("-")[0] === t));
      m.classList.remove("current");
    });
    article.querySelectorAll(".span-no").forEach((b) => {
      b.classList.toggle("on", b.dataset.turn === t);
      b.classList.remove("current");
    });
    const docs = [...article.querySelectorAll(".article-doc")];
    const citing = docs.filter((d) => d.dataset.turns.split(" ").includes(t));
    docs.forEach((d, i) => { d.hidden = citing.length ? !citing.includes(d) : i !== 0; });
    if (key) markCitation(key);
    else document.querySelectorAll(".source-card.active").forEach((c) => c.classList.remove("active"));
  }

  function markCitation(key) {
    document.querySelectorAll("#article .cite-span").forEach((m) => {
      m.classList.toggle("current", m.dataset.cites.split(" ").includes(key));
    });
    const badge = document.getElementById(`cite-${key}`);
    if (badge) badge.classList.add("current");
    document.querySelectorAll(".source-card.active").forEach((c) => c.classList.remove("active"));
    const card = document.getElementById(`src-${key}`);
    if (card) card.classList.add("active");
  }

  // Re-apply the reader's choice to panels Gradio has just (re)rendered.
  function keepChoice() {
    const count = answers();
    if (!chosen || count === 0) return;
    if (chosen.of !== count) { chosen = null; return; }
    const stale = [...document.querySelectorAll("select.turn-select")].some((s) => s.value !== chosen.turn)
      || (chosen.key && document.querySelector(`#src-${chosen.key}:not(.active)`));
    if (stale) showTurn(chosen.turn, chosen.key);
  }

  function openTab(name) {
    const tab = document.getElementById(`${name}-tab-button`)
      || [...document.querySelectorAll("#side-tabs button")].find(
        (b) => b.textContent.trim().toLowerCase() === name);
    if (tab && tab.getAttribute("aria-selected") !== "true") tab.click();
  }

  // The tab's panel may render a moment after its button is clicked.
  function whenShown(selector, then, tries = 40) {
    const found = document.querySelector(selector);
    if (found && found.offsetParent !== null) then(found);
    else if (tries > 0) setTimeout(() => whenShown(selector, then, tries - 1), 50);
  }

  function openCitation(turn, number) {
    openTab("article");
    whenShown("#article .article", () => {
      const key = `${turn}-${number}`;
      showTurn(turn, key);
      const badge = document.getElementById(`cite-${key}`);
      if (!badge) return;
      badge.setAttribute("tabindex", "-1");
      badge.scrollIntoView({ block: "center" });
      badge.focus({ preventScroll: true });
    });
  }

  // Back from the article to the answer: its number last opened (or its first) focused.
  function backToAnswer(turn) {
    const answer = document.querySelectorAll('#chat [data-testid="bot"]')[Number(turn) - 1];
    if (!answer) return;
    const key = chosen && chosen.turn === turn && chosen.key;
    const chip = (key && answer.querySelector(`a.cite-chip[href="#cite-${key}"]`))
      || answer.querySelector("a.cite-chip");
    answer.scrollIntoView({ block: "center" });
    if (chip) chip.focus({ preventScroll: true });
  }

  document.addEventListener("click", (event) => {
    const back = event.target.closest && event.target.closest("a.back-to-answer");
    if (back) {
      event.preventDefault();
      backToAnswer(back.getAttribute("href").replace("#answer-", ""));
      return;
    }
    const chip = event.target.closest && event.target.closest("a.cite-chip");
    if (!chip) return;
    const match = (chip.getAttribute("href") || "").match(CHIP);
    if (!match) return;
    event.preventDefault();
    hideTip();
    openCitation(match[1], match[2]);
  });

  document.addEventListener("change", (event) => {
    if (!(event.target.matches && event.target.matches("select.turn-select"))) return;
    showTurn(event.target.value);
    // Bring the chosen answer's first passage into the article view, the picker staying put.
    const article = document.querySelector("#article .article");
    const first = article && article.querySelector(".span-no.on");
    if (first) {
      const view = article.getBoundingClientRect();
      article.scrollTop += first.getBoundingClientRect().top - view.top - view.height / 3;
    }
  });

  // The quoted sentence, on hover and on keyboard focus.
  let tip = null;
  function showTip(chip) {
    const quote = chip.querySelector(".cite-quote");
    if (!quote) return;
    if (!tip) {
      tip = document.createElement("div");
      tip.id = "cite-tip";
      tip.setAttribute("role", "tooltip");
      document.body.appendChild(tip);
    }
    tip.textContent = quote.textContent;
    tip.hidden = false;
    chip.setAttribute("aria-describedby", "cite-tip");
    const box = chip.getBoundingClientRect();
    const width = Math.min(352, window.innerWidth - 16);
    tip.style.width = `${width}px`;
    tip.style.left = `${Math.max(8, Math.min(box.left, window.innerWidth - width - 8))}px`;
    const below = box.bottom + 6;
    tip.style.top = `${below + tip.offsetHeight < window.innerHeight ? below : Math.max(8, box.top - tip.offsetHeight - 6)}px`;
  }
  function hideTip() { if (tip) tip.hidden = true; }
  for (const type of ["mouseover", "focusin"]) {
    document.addEventListener(type, (event) => {
      const chip = event.target.closest && event.target.closest("a.cite-chip");
      if (chip) showTip(chip);
    });
  }
  for (const type of ["mouseout", "focusout"]) {
    document.addEventListener(type, (event) => {
      if (event.target.closest && event.target.closest("a.cite-chip")) hideTip();
    });
  }
  document.addEventListener("keydown", (event) => { if (event.key === "Escape") hideTip(); });
  document.addEventListener("scroll", hideTip, true);

  // Gradio labels a message with its raw content (HTML here): label it with its text.
  // (Also where Gradio's own roles are wrong, below.)
  const MARK = "'s message: ";
  function plainText(message) {
    const copy = message.cloneNode(true);
    copy.querySelectorAll(".cite-quote, .sr-only").forEach((q) => q.remove());
    copy.querySelectorAll(".cite-chip").forEach((c) => c.replaceWith(` [${c.textContent.trim()}]`));
    return copy.textContent.replace(/\s+/g, " ").replace(/\s+([.,;:!?])/g, "$1").trim();
  }
  function relabel(root) {
    // Gradio's example questions are buttons inside role="list": a group of buttons.
    root.querySelectorAll("#chat .examples[role=list]").forEach((e) => {
      e.setAttribute("role", "group");
      e.setAttribute("aria-label", "Example questions");
    });
    root.querySelectorAll(`#chat [aria-label*="${MARK}"]`).forEach((m) => {
      const label = m.getAttribute("aria-label");
      const plain = label.slice(0, label.indexOf(MARK) + MARK.length) + plainText(m);
      if (label !== plain) m.setAttribute("aria-label", plain);
    });
  }
  new MutationObserver(() => { relabel(document); keepChoice(); }).observe(document.documentElement, {
    subtree: true, childList: true, characterData: true, attributes: true,
    attributeFilter: ["aria-label"],
  });
})();
