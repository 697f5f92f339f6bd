// A drawn signature: a <canvas> for finger, stylus or mouse. The strokes, not a picture, go into a
// hidden field as JSON {"w", "h", "strokes": [[x, y, x, y, ...], ...]} in CSS pixels: a few
// kilobytes on a slow connection, and the server draws them as SVG (acunum/attendance/drawing.py).
// Markup: <div data-signature-pad> <canvas> <input type="hidden" name="..."> <button data-clear>
// The form cannot be sent with an empty pad; the server checks the drawing again anyway.
(function () {
  "use strict";

  function setUp(pad) {
    var canvas = pad.querySelector("canvas");
    var field = pad.querySelector("input[type=hidden]");
    var clear = pad.querySelector("[data-clear]");
    var form = pad.closest("form");
    var ctx = canvas.getContext("2d");
    var drawing = false;
    var drawn = false;
    var last = null;
    var strokes = [];
    var box = { w: 0, h: 0 };

    function fit() {
      // Draw at the screen's resolution so strokes stay sharp on a phone.
      var ratio = Math.max(window.devicePixelRatio || 1, 1);
      var rect = canvas.getBoundingClientRect();
      box = { w: Math.round(rect.width), h: Math.round(rect.height) };
      canvas.width = Math.round(rect.width * ratio);
      canvas.height = Math.round(rect.height * ratio);
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.lineWidth = 2.5;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.strokeStyle = "#111";
      drawn = false;
      strokes = [];
      field.value = "";
    }

    function point(event) {
      var rect = canvas.getBoundingClientRect();
      // Within the box, to a tenth of a pixel: finer than any finger.
      var x = Math.min(Math.max(event.clientX - rect.left, 0), box.w);
      var y = Math.min(Math.max(event.clientY - rect.top, 0), box.h);
      return { x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10 };
    }

    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      drawing = true;
      last = point(event);
      strokes.push([last.x, last.y]);
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      event.preventDefault();
      var p = point(event);
      ctx.beginPath();
      ctx.moveTo(last.x, last.y);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
      strokes[strokes.length - 1].push(p.x, p.y);
      last = p;
      drawn = true;
    });
    function stop() {
      if (!drawing) return;
      drawing = false;
      if (drawn) field.value = JSON.stringify({ w: box.w, h: box.h, strokes: strokes });
      pad.classList.toggle("is-signed", drawn);
    }
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);
    canvas.addEventListener("pointerleave", stop);

    if (clear) {
      clear.addEventListener("click", function () {
        ctx.clearRect(0, 0, canvas.width, canvas.height);
        drawn = false;
        strokes = [];
        field.value = "";
        pad.classList.remove("is-signed");
      });
    }
    if (form) {
      form.addEventListener("submit", function (event) {
        if (!field.value) {
          event.preventDefault();
          var message = pad.querySelector("[data-empty-message]");
          if (message) {
            message.hidden = false;
            message.focus();
          }
        }
      });
    }
    fit();
  }

  document.querySelectorAll("[data-signature-pad]").forEach(setUp);
})();
