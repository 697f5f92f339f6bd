// A drawn signature: a <canvas> for finger, stylus or mouse, copied as a PNG into a hidden field.
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

    function fit() {
      // Draw at the screen's resolution so strokes stay sharp on a phone.
      var ratio = Math.max(window.devicePixelRatio || 1, 1);
      var rect = canvas.getBoundingClientRect();
      canvas.width = Math.round(rect.width * ratio);
      canvas.height = Math.round(rect.height * ratio);
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.lineWidth = 2.5;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.strokeStyle = "#111";
      drawn = false;
      field.value = "";
    }

    function point(event) {
      var rect = canvas.getBoundingClientRect();
      return { x: event.clientX - rect.left, y: event.clientY - rect.top };
    }

    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      drawing = true;
      last = point(event);
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      event.preventDefault();
      var p = point(event);
      ctx.beginPath();
      ctx.moveTo(last.x, last.y);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
      last = p;
      drawn = true;
    });
    function stop() {
      if (!drawing) return;
      drawing = false;
      if (drawn) field.value = canvas.toDataURL("image/png");
      pad.classList.toggle("is-signed", drawn);
    }
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);
    canvas.addEventListener("pointerleave", stop);

    if (clear) {
      clear.addEventListener("click", function () {
        ctx.clearRect(0, 0, canvas.width, canvas.height);
        drawn = false;
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
