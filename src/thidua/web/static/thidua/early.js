/* Applied before the first paint (loaded without defer in <head>): a remembered night mode or
   font size never flashes. Kept out of the page because the Content-Security-Policy allows no
   inline script. */
(function () {
  try {
    var d = document.documentElement, s = window.localStorage;
    if (s.getItem("thidua.night") === "1") { d.setAttribute("data-theme", "night"); }
    var f = parseInt(s.getItem("thidua.font") || "100", 10);
    if (f >= 75 && f <= 200 && f !== 100) { d.style.fontSize = f + "%"; }
  } catch (e) { /* storage blocked: defaults apply */ }
})();
