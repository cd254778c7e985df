/* Reader tools: night mode, print, PDF (a server link), read aloud, font size.
   Messages come translated from data-msg-* attributes of the toolbar. */
(function () {
  "use strict";
  var root = document.documentElement;
  var STEPS = [80, 90, 100, 115, 130, 150, 175];
  var store = {
    get: function (k) { try { return window.localStorage.getItem(k); } catch (e) { return null; } },
    set: function (k, v) { try { window.localStorage.setItem(k, v); } catch (e) { /* private mode */ } }
  };

  function init() {
    var bar = document.querySelector(".reader-tools");
    if (!bar) { return; }
    var status = bar.querySelector(".reader-status");
    function say(key, extra) {
      status.textContent = (bar.getAttribute("data-msg-" + key) || "") + (extra ? " " + extra : "");
    }
    function btn(name) { return bar.querySelector('[data-reader="' + name + '"]'); }

    // Night mode
    var night = btn("night");
    function showNight() { night.setAttribute("aria-pressed", root.getAttribute("data-theme") === "night" ? "true" : "false"); }
    showNight();
    night.addEventListener("click", function () {
      var on = root.getAttribute("data-theme") !== "night";
      if (on) { root.setAttribute("data-theme", "night"); } else { root.removeAttribute("data-theme"); }
      store.set("thidua.night", on ? "1" : "0");
      showNight();
      say(on ? "night-on" : "night-off");
    });

    // Print
    btn("print").addEventListener("click", function () { window.print(); });

    // Font size
    function currentFont() {
      var f = parseInt(store.get("thidua.font") || "100", 10);
      return STEPS.indexOf(f) >= 0 ? f : 100;
    }
    function setFont(f) {
      root.style.fontSize = f === 100 ? "" : f + "%";
      store.set("thidua.font", String(f));
      say("font", f + "%");
    }
    btn("font-up").addEventListener("click", function () {
      var i = STEPS.indexOf(currentFont()); setFont(STEPS[Math.min(i + 1, STEPS.length - 1)]);
    });
    btn("font-down").addEventListener("click", function () {
      var i = STEPS.indexOf(currentFont()); setFont(STEPS[Math.max(i - 1, 0)]);
    });
    btn("font-reset").addEventListener("click", function () { setFont(100); });

    // Read aloud: a Vietnamese voice only; reading Vietnamese with another language's voice is unintelligible.
    var speak = btn("speak");
    var synth = window.speechSynthesis;
    function vietnameseVoice() {
      var voices = synth.getVoices() || [];
      for (var i = 0; i < voices.length; i++) {
        if ((voices[i].lang || "").toLowerCase().replace("_", "-").indexOf("vi") === 0) { return voices[i]; }
      }
      return null;
    }
    function withVoices(cb) {
      var voices = synth.getVoices();
      if (voices && voices.length) { cb(); return; }
      var done = false;
      function once() { if (!done) { done = true; cb(); } }
      if ("onvoiceschanged" in synth) { synth.addEventListener("voiceschanged", once); }
      window.setTimeout(once, 800);
    }
    function mainText() {
      var main = document.getElementById("main");
      var clone = main.cloneNode(true);
      clone.querySelectorAll("form, script, style, button, .no-print").forEach(function (n) { n.remove(); });
      return clone.textContent.replace(/\s+/g, " ").trim();
    }
    function chunks(text) {
      // Long utterances are cut off by some engines; speak sentence by sentence.
      var parts = text.match(/[^.!?;:\n]+[.!?;:]?/g) || [text];
      var out = [], buf = "";
      parts.forEach(function (p) {
        if ((buf + p).length > 200 && buf) { out.push(buf); buf = ""; }
        buf += p;
      });
      if (buf.trim()) { out.push(buf); }
      return out;
    }
    speak.addEventListener("click", function () {
      if (!synth || typeof window.SpeechSynthesisUtterance === "undefined") { say("unsupported"); return; }
      if (synth.speaking || synth.pending) {
        synth.cancel(); speak.textContent = bar.getAttribute("data-msg-speak"); say("stopped"); return;
      }
      withVoices(function () {
        var voice = vietnameseVoice();
        if (!voice) { say("novoice"); return; }
        var parts = chunks(mainText());
        parts.forEach(function (part, i) {
          var u = new window.SpeechSynthesisUtterance(part);
          u.voice = voice; u.lang = voice.lang;
          if (i === parts.length - 1) {
            u.onend = function () { speak.textContent = bar.getAttribute("data-msg-speak"); say("done"); };
          }
          synth.speak(u);
        });
        speak.textContent = bar.getAttribute("data-msg-stop");
        say("speaking");
      });
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
