// The gap map's details on hover and keyboard focus (tap follows the area's link to its row).
const details = document.getElementById("kith-map-details");
if (details) {
  const show = (event) => {
    const area = event.target.closest("a[aria-label]");
    if (area) details.textContent = area.getAttribute("aria-label");
  };
  document.querySelectorAll(".kith-map").forEach((map) => {
    map.addEventListener("mouseover", show);
    map.addEventListener("focusin", show);
  });
}
