/* The appraisal page: a «Xem căn cứ» box loads its reasons the first time it is opened
   (no inline script: the Content-Security-Policy forbids it). */
document.querySelectorAll("details.reasons[data-src]").forEach(function (el) {
  el.addEventListener("toggle", function () {
    if (!el.open || el.dataset.loaded) return;
    el.dataset.loaded = "1";
    fetch(el.dataset.src, {credentials: "same-origin"}).then(function (r) { return r.text(); })
      .then(function (html) { el.insertAdjacentHTML("beforeend", html); });
  });
});
