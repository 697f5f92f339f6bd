// The traces lab (acunum/traces): what any page can read about the browser with a script, read
// here and shown to the person. No dependency, text only (textContent, never innerHTML).
//
// Everything is computed in the browser: the canvas drawing, the font measurements and the
// ad-blocker bait never leave it. Nothing is sent until the person presses "Compare with the
// group"; then the values (short texts, fingerprints for the drawing and the font list) go to
// this server only, as a form with its CSRF token, asking for JSON. The server reads the
// passive part again from that request itself.
//
// A value sent is written the same way whatever the page's language, so that two people with
// the same setting share it; what is shown uses the page's words (#traces-words).
(function () {
  "use strict";

  var section = document.querySelector("[data-traces-active]");
  var wordsElement = document.getElementById("traces-words");
  if (!section || !wordsElement) return;
  var words = JSON.parse(wordsElement.textContent);
  var MAX_LENGTH = 200; // the server refuses longer values
  var values = {}; // attribute id -> the value sent when comparing

  function show(attribute, name, text) {
    var el = document.querySelector('[data-field="' + attribute + "." + name + '"]');
    if (el) el.textContent = String(text);
  }

  function word(token) {
    return Object.prototype.hasOwnProperty.call(words, token) ? words[token] : token;
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  // cyrb53 (public domain): a small hash for when crypto.subtle is missing, as it is on a
  // training room's Wi-Fi served over plain HTTP. Two seeds give 106 bits.
  function smallHash(text) {
    function cyrb53(seed) {
      var h1 = 0xdeadbeef ^ seed;
      var h2 = 0x41c6ce57 ^ seed;
      for (var i = 0; i < text.length; i++) {
        var ch = text.charCodeAt(i);
        h1 = Math.imul(h1 ^ ch, 2654435761);
        h2 = Math.imul(h2 ^ ch, 1597334677);
      }
      h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
      h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
      var value = 4294967296 * (2097151 & h2) + (h1 >>> 0);
      return ("00000000000000" + value.toString(16)).slice(-14);
    }
    return cyrb53(1) + cyrb53(2);
  }

  // SHA-256 through crypto.subtle where the page is a secure context; else the small hash.
  // Resolves to {method, hex}.
  function fingerprint(text) {
    var subtle = window.isSecureContext && window.crypto && window.crypto.subtle;
    if (subtle && window.TextEncoder) {
      return subtle.digest("SHA-256", new TextEncoder().encode(text)).then(function (buffer) {
        var hex = Array.prototype.map
          .call(new Uint8Array(buffer), function (b) { return (b + 256).toString(16).slice(1); })
          .join("");
        return { method: "SHA-256", hex: hex };
      });
    }
    return Promise.resolve({ method: "cyrb53", hex: smallHash(text) });
  }

  function fit(text) {
    return text.length <= MAX_LENGTH ? text : "cyrb53:" + smallHash(text);
  }

  function readScreen() {
    var s = window.screen || {};
    var ratio = String(window.devicePixelRatio || 1);
    show("screen", "size", s.width + " × " + s.height);
    show("screen", "depth", s.colorDepth + " bits");
    show("screen", "ratio", ratio);
    values.screen = [s.width + "x" + s.height, s.colorDepth, ratio].join(";");
  }

  function readTimezone() {
    var zone = "";
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (e) {
      zone = "";
    }
    var minutes = -new Date().getTimezoneOffset();
    var offset = "UTC" + (minutes < 0 ? "-" : "+") +
      pad(Math.floor(Math.abs(minutes) / 60)) + ":" + pad(Math.abs(minutes) % 60);
    show("timezone", "zone", zone || words.unavailable);
    show("timezone", "offset", offset);
    values.timezone = zone + ";" + offset;
  }

  function readLanguages() {
    var list = navigator.languages && navigator.languages.length
      ? Array.prototype.slice.call(navigator.languages)
      : [navigator.language || ""];
    show("languages", "list", list.join(", ") || words.unavailable);
    values.languages = fit(list.join(","));
  }

  function readPlatform() {
    // The low-entropy part only: getHighEntropyValues() would ask for the model and versions.
    var data = navigator.userAgentData;
    var brands = data && data.brands
      ? data.brands.map(function (b) { return b.brand + " " + b.version; }).join(", ")
      : "";
    show("platform", "platform", navigator.platform || words.unavailable);
    show("platform", "mobile", data ? (data.mobile ? words.yes : words.no) : words.unavailable);
    show("platform", "brands", brands || words.unavailable);
    values.platform = fit([
      navigator.platform || "",
      data ? data.platform : "",
      data ? String(data.mobile) : "",
      brands,
    ].join(";"));
  }

  function readHardware() {
    var cores = navigator.hardwareConcurrency;
    var memory = navigator.deviceMemory;
    show("hardware", "cores", cores || words.unavailable);
    show("hardware", "memory", memory ? words.memory.replace("%(n)s", memory) : words.unavailable);
    values.hardware = (cores || "") + ";" + (memory || "");
  }

  function readTouch() {
    var points = navigator.maxTouchPoints || 0;
    show("touch", "points", points);
    values.touch = String(points);
  }

  function matching(feature, tokens, otherwise) {
    if (!window.matchMedia) return otherwise;
    for (var i = 0; i < tokens.length; i++) {
      if (window.matchMedia("(" + feature + ": " + tokens[i] + ")").matches) return tokens[i];
    }
    return otherwise;
  }

  function readPreferences() {
    var found = {
      scheme: matching("prefers-color-scheme", ["dark", "light"], "light"),
      contrast: matching("prefers-contrast", ["more", "less", "custom"], "no-preference"),
      motion: matching("prefers-reduced-motion", ["reduce"], "no-preference"),
      forced: matching("forced-colors", ["active"], "none"),
    };
    Object.keys(found).forEach(function (name) { show("preferences", name, word(found[name])); });
    values.preferences = [found.scheme, found.contrast, found.motion, found.forced].join(";");
  }

  function readCookies() {
    show("cookies", "enabled", navigator.cookieEnabled ? words.yes : words.no);
  }

  // Common fonts of Windows, macOS, Linux and Android; a font is there when a text written in
  // it is not as wide (or high) as in the generic font it falls back on.
  var FONTS = [
    "Arial", "Arial Black", "Bahnschrift", "Calibri", "Cambria", "Candara", "Century Gothic",
    "Comic Sans MS", "Consolas", "Constantia", "Corbel", "Courier New", "Ebrima",
    "Franklin Gothic Medium", "Gabriola", "Garamond", "Georgia", "Impact", "Lucida Console",
    "Lucida Sans Unicode", "Palatino Linotype", "Segoe Print", "Segoe Script", "Segoe UI",
    "Sylfaen", "Tahoma", "Times New Roman", "Trebuchet MS", "Verdana", "Wingdings",
    "American Typewriter", "Avenir", "Avenir Next", "Baskerville", "Futura", "Geneva",
    "Gill Sans", "Helvetica", "Helvetica Neue", "Menlo", "Monaco", "Optima", "Palatino",
    "Cantarell", "DejaVu Sans", "DejaVu Serif", "DejaVu Sans Mono", "Liberation Sans",
    "Liberation Serif", "Noto Sans", "Noto Serif", "Ubuntu", "Droid Sans", "Roboto",
    "Open Sans", "Fira Sans", "Source Sans Pro",
  ];
  var BASES = ["monospace", "serif", "sans-serif"];

  function readFonts() {
    var probe = document.createElement("div");
    probe.className = "traces-probe";
    probe.setAttribute("aria-hidden", "true");
    var span = document.createElement("span");
    span.textContent = "mmmmmmmmmmlli WWW 0123456789 éàç";
    probe.appendChild(span);
    document.body.appendChild(probe);
    function size(family) {
      span.style.fontFamily = family; // CSSOM, which the Content-Security-Policy allows
      return span.offsetWidth + "x" + span.offsetHeight;
    }
    var base = BASES.map(size);
    var found = FONTS.filter(function (font) {
      return BASES.some(function (generic, i) {
        return size('"' + font + '", ' + generic) !== base[i];
      });
    });
    probe.remove();
    show("fonts", "count", found.length + " / " + FONTS.length);
    show("fonts", "list", found.join(", ") || "—");
    return fingerprint(found.join(",")).then(function (print) {
      show("fonts", "fingerprint", print.hex.slice(0, 16) + "…");
      values.fonts = found.length + ";" + print.method + ":" + print.hex;
    });
  }

  function readCanvas() {
    var canvas = document.createElement("canvas");
    canvas.width = 280;
    canvas.height = 60;
    var context = canvas.getContext && canvas.getContext("2d");
    if (!context) {
      show("canvas", "fingerprint", words.unavailable);
      show("canvas", "method", "—");
      values.canvas = "";
      return Promise.resolve();
    }
    context.textBaseline = "top";
    context.font = "16px Arial, sans-serif";
    context.fillStyle = "#f60";
    context.fillRect(120, 2, 70, 22);
    context.fillStyle = "#069";
    context.fillText("Gérons nos traces, 1 2 3 ✌", 4, 6);
    context.fillStyle = "rgba(102, 204, 0, 0.7)";
    context.font = "italic 18px Georgia, serif";
    context.fillText("Acunum ≠ ÆØ ß", 20, 30);
    context.beginPath();
    context.arc(240, 30, 20, 0, Math.PI * 2);
    context.strokeStyle = "#909";
    context.stroke();
    return fingerprint(canvas.toDataURL()).then(function (print) {
      show("canvas", "fingerprint", print.hex.slice(0, 16) + "…");
      show("canvas", "method", print.method === "SHA-256" ? words.sha256 : words.small_hash);
      values.canvas = print.method + ":" + print.hex;
    });
  }

  function readWebgl() {
    var canvas = document.createElement("canvas");
    var gl = null;
    try {
      gl = canvas.getContext("webgl") || canvas.getContext("experimental-webgl");
    } catch (e) {
      gl = null;
    }
    if (!gl) {
      show("webgl", "vendor", words.unavailable);
      show("webgl", "renderer", words.unavailable);
      values.webgl = "";
      return;
    }
    var info = gl.getExtension("WEBGL_debug_renderer_info");
    var vendor = gl.getParameter(info ? info.UNMASKED_VENDOR_WEBGL : gl.VENDOR) || "";
    var renderer = gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) || "";
    show("webgl", "vendor", vendor || words.unavailable);
    show("webgl", "renderer", renderer || words.unavailable);
    values.webgl = fit(vendor + ";" + renderer);
    var lose = gl.getExtension("WEBGL_lose_context");
    if (lose) lose.loseContext(); // Frees the graphics memory at once on an old phone.
  }

  function readAdBlocker() {
    // The bait carries class names that blockers' lists hide; it sits off the screen.
    var bait = document.createElement("div");
    bait.className = "adsbox ad-banner pub_300x250 textAd traces-bait";
    bait.setAttribute("aria-hidden", "true");
    bait.textContent = "\u00a0";
    document.body.appendChild(bait);
    return new Promise(function (resolve) {
      window.setTimeout(function () {
        var hidden = bait.offsetHeight === 0 || window.getComputedStyle(bait).display === "none";
        bait.remove();
        show("ad-blocker", "bait", hidden ? words.yes : words.no);
        values["ad-blocker"] = hidden ? "hidden" : "visible";
        resolve();
      }, 150);
    });
  }

  function guarded(read) {
    // One reading that fails (an old browser) leaves the others.
    try {
      return Promise.resolve(read()).catch(function () { return undefined; });
    } catch (e) {
      return Promise.resolve();
    }
  }

  var status = section.querySelector("[data-traces-status]");
  var ready = Promise.all([
    readScreen, readTimezone, readLanguages, readPlatform, readHardware, readTouch,
    readPreferences, readCookies, readFonts, readCanvas, readWebgl, readAdBlocker,
  ].map(guarded)).then(function () {
    if (status) {
      status.textContent = words.ready;
      status.className = "traces-ready";
    }
    section.setAttribute("data-state", "ready");
  });

  // Comparing: the values above, with the form's CSRF token, to the form's own address.
  var form = document.querySelector("form[data-traces-compare]");
  var result = document.querySelector("[data-traces-result]");
  var forgetBlock = document.querySelector("[data-traces-forget]");
  if (!form || !result || !window.fetch || !window.URLSearchParams) return;
  var button = form.querySelector("button[type=submit]");

  function showShares(shares) {
    document.querySelectorAll("[data-share]").forEach(function (el) {
      var share = shares[el.getAttribute("data-share")];
      el.textContent = share ? share.text : "";
      el.classList.toggle("is-alone", Boolean(share && share.alone));
      var block = el.closest(".trace");
      if (block) block.classList.toggle("is-alone", Boolean(share && share.alone));
    });
  }

  function send() {
    var body = new URLSearchParams();
    body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    Object.keys(values).forEach(function (id) { body.append("attr." + id, values[id]); });
    return fetch(form.action, {
      method: "POST",
      body: body,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      cache: "no-store",
    }).then(function (response) {
      return response.json();
    }).then(function (answer) {
      result.classList.toggle("is-refused", !answer.ok);
      if (!answer.ok) {
        result.textContent = answer.message;
        return;
      }
      showShares(answer.shares || {});
      result.textContent = answer.message + " " + answer.summary;
      if (forgetBlock) forgetBlock.hidden = false;
      section.setAttribute("data-compared", "yes");
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    result.classList.remove("is-refused");
    result.textContent = words.sending;
    ready.then(send).catch(function () {
      result.classList.add("is-refused");
      result.textContent = words.failed;
    }).then(function () {
      button.disabled = false;
    });
  });
})();
