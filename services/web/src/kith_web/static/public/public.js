// "Use my location" on the public search: an enhancement (the form works without it). The
// browser asks the person; the point goes in the search's own hidden fields, never a cookie.
const button = document.querySelector("[data-kith-near-me]");
if (button && "geolocation" in navigator) {
  button.closest("[hidden]")?.removeAttribute("hidden");
  button.addEventListener("click", () => {
    navigator.geolocation.getCurrentPosition((where) => {
      document.getElementById("lat").value = where.coords.latitude.toFixed(4);
      document.getElementById("lon").value = where.coords.longitude.toFixed(4);
      button.form.submit();
    });
  });
}
