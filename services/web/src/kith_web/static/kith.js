// Progressive enhancement only: every page works without this file.
import { initAll } from "/static/nhsuk/nhsuk-frontend.min.js";

document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();

// Live regions: an element with data-live-events="<SSE url>" refreshes itself (htmx, its own
// hx-get) whenever the server says something changed. Reconnects are EventSource's own.
for (const element of document.querySelectorAll("[data-live-events]")) {
  const source = new EventSource(element.dataset.liveEvents);
  source.addEventListener("changed", () => {
    element.dispatchEvent(new CustomEvent("kith:changed"));
  });
  window.addEventListener("pagehide", () => source.close());
}

// A print button (`data-print`, hidden until this runs): without JavaScript the page says
// how to print it instead.
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}

// The neighbourhood map on the person form (`data-choose`: the id of a radio): clicking a
// neighbourhood ticks its radio and moves focus there; the chosen one is shaded. Without this
// file each shape is a link to its radio, and the radios are how to choose.
for (const link of document.querySelectorAll("[data-choose]")) {
  const radio = document.getElementById(link.dataset.choose);
  if (!radio) continue;
  const shade = () => {
    for (const other of document.querySelectorAll("[data-choose]")) {
      const its = document.getElementById(other.dataset.choose);
      other.classList.toggle("kith-chosen", Boolean(its && its.checked));
    }
  };
  link.addEventListener("click", (event) => {
    event.preventDefault();
    radio.checked = true;
    radio.focus();
    shade();
  });
  radio.addEventListener("change", shade);
  shade();
}
