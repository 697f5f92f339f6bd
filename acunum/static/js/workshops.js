// In-room activities (acunum/workshops). Three small jobs, no dependency, text only (textContent,
// never innerHTML: everything shown here was typed by someone in the room).
//
// 1. [data-live]: the projector and the facilitator's page ask the live endpoint every 1.5 s
//    with the ETag they hold; the server answers 304 when nothing changed. Counts, results and
//    the moderation queue are updated in place; a change of state, of the results' visibility or
//    of the débat's round reloads the page, whose buttons and layout change with them. Slower
//    while the tab is hidden, and after errors (a laptop going to sleep, a server restarting).
//    While the facilitator's focus is in the results or the queue (a post-it's column being
//    chosen, a button), that part is updated only once the focus leaves it.
// 2. form[data-contribute]: a participant's answer is sent with fetch, under an identifier made
//    here. When the network fails it is sent again, with the same identifier, until it arrives:
//    the server stores it once. Whatever the server answers then (stored, or refused and why)
//    is shown by its own page. Without this script the form posts and reloads as usual. A form
//    with several buttons (a dot vote: place a dot here, take one back there) sends the one
//    pressed, as the browser does.
// 3. [data-watch]: a participant's page (and a trainee's list of activities, and the trainer's
//    room view of the checklists) asks every 5 s whether something it shows has changed (an
//    activity launched, locked or closed, a débat's next round, a help request), and loads
//    itself again when so; if the person has started typing or ticking, or is on a form, it
//    says so with a button instead, so that nothing typed is lost.
(function () {
  "use strict";

  var VISIBLE = 1500;
  var HIDDEN = 15000;
  var MOST = 30000;
  // A participant's page only needs to learn that the trainer locked, opened or closed the
  // activity, which the trainer also says aloud: every 5 s is soon enough, and light for a room.
  var WATCH = 5000;
  var WATCH_HIDDEN = 30000;

  function uuid4() {
    // crypto.randomUUID needs HTTPS; a room's Wi-Fi serves plain HTTP, where this works.
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map
      .call(bytes, function (b) { return (b + 256).toString(16).slice(1); })
      .join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)]
      .join("-");
  }

  function setText(root, field, value) {
    root.querySelectorAll('[data-field="' + field + '"]').forEach(function (el) {
      el.textContent = String(value);
    });
  }

  function renderBars(container, rows) {
    rows.forEach(function (row, i) {
      var item = container.querySelector('[data-row="' + i + '"]');
      if (!item) return;
      item.querySelector(".ws-bar-value").textContent = row.count + " · " + row.percent + " %";
      item.querySelector(".ws-bar-fill").className = "ws-bar-fill ws-w-" + Math.round(row.percent / 5);
    });
  }

  function renderCloud(container, words) {
    var list = container.querySelector("[data-cloud]");
    if (!list) return;
    var items = words.map(function (word) {
      var item = document.createElement("li");
      item.className = "ws-word ws-size-" + word.size;
      item.appendChild(document.createTextNode(word.text + " "));
      var count = document.createElement("span");
      count.className = "ws-count";
      count.textContent = "(" + word.count + ")";
      item.appendChild(count);
      return item;
    });
    list.replaceChildren.apply(list, items);
    var empty = container.querySelector("[data-empty]");
    if (empty) empty.hidden = words.length > 0;
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function cardName(text) {
    // As the server's truncatechars:40 does, for a button's hidden name.
    return " : " + (text.length > 40 ? text.slice(0, 39) + "…" : text);
  }

  function renderCard(template, card, column, first, last) {
    if (!template) {
      var plain = element("li", "ws-card");
      plain.appendChild(element("p", "ws-card-text", card.text));
      return plain;
    }
    // The facilitator's post-it, with its buttons: a copy of the page's own markup.
    var item = template.content.firstElementChild.cloneNode(true);
    item.id = "carte-" + card.id;
    item.querySelector(".ws-card-text").textContent = card.text;
    item.querySelectorAll('input[name="contribution"]').forEach(function (input) {
      input.value = card.id;
    });
    item.querySelectorAll("[data-card-name]").forEach(function (span) {
      span.textContent = cardName(card.text);
    });
    if (first) item.querySelector("[data-up]").remove();
    if (last) item.querySelector("[data-down]").remove();
    var select = item.querySelector('select[name="column"]');
    select.id = "colonne-" + card.id;
    item.querySelector("[data-move-label]").htmlFor = select.id;
    var own = select.querySelector('option[value="' + column + '"]');
    if (own) own.remove();
    return item;
  }

  function renderWall(root, container, results) {
    var template = root.querySelector("template[data-card]");
    results.columns.forEach(function (column) {
      var section = container.querySelector('[data-column="' + column.index + '"]');
      if (!section) return;
      var cards = column.cards.map(function (card, i) {
        return renderCard(template, card, column.index, i === 0, i === column.cards.length - 1);
      });
      var list = section.querySelector("[data-cards]");
      list.replaceChildren.apply(list, cards);
      section.querySelector("[data-column-count]").textContent = "(" + cards.length + ")";
      section.querySelector("[data-column-empty]").hidden = cards.length > 0;
    });
  }

  function renderFrise(container, results) {
    var list = container.querySelector("[data-frise]");
    if (!list) return;
    var groups = results.groups.map(function (group) {
      var item = element("li", "ws-frise-group");
      item.appendChild(element("span", "ws-frise-when", group.label));
      var events = element("ul", "ws-frise-events");
      group.events.forEach(function (event) {
        var line = element("li");
        if (results.by === "decade") {
          line.appendChild(element("span", "ws-frise-year", String(event.year)));
          line.appendChild(document.createTextNode(" "));
        }
        line.appendChild(document.createTextNode(event.text));
        if (event.count > 1) {
          line.appendChild(document.createTextNode(" "));
          line.appendChild(element("span", "ws-count", "(" + event.count + ")"));
        }
        events.appendChild(line);
      });
      item.appendChild(events);
      return item;
    });
    list.replaceChildren.apply(list, groups);
    var empty = container.querySelector("[data-empty]");
    if (empty) empty.hidden = groups.length > 0;
  }

  function renderDots(container, results) {
    // Ordered by totals: the rows are made again, as an option may change places.
    var list = container.querySelector("[data-dots]");
    if (!list) return;
    var rows = results.options.map(function (option) {
      var row = element("li", "ws-bar-row");
      row.appendChild(element("span", "ws-bar-label", option.text));
      row.appendChild(element("span", "ws-bar-value", option.count + " · " + option.percent + " %"));
      var bar = element("span", "ws-bar");
      bar.setAttribute("aria-hidden", "true");
      bar.appendChild(element("span", "ws-bar-fill ws-w-" + Math.round(option.percent / 5)));
      row.appendChild(bar);
      return row;
    });
    list.replaceChildren.apply(list, rows);
    setText(container, "dots", results.dots);
  }

  function renderResults(root, data) {
    var container = root.querySelector("[data-results]");
    var results = data.results;
    if (!container || !results) return;
    if (data.kind === "word_cloud") {
      renderCloud(container, results.words);
    } else if (data.kind === "poll") {
      renderBars(container, results.choices);
      setText(container, "answers", results.answers);
    } else if (data.kind === "moving_debate") {
      renderBars(container, results.positions);
      setText(container, "placed", results.placed);
      setText(container, "moves", results.moves);
    } else if (data.kind === "post_it_wall") {
      renderWall(root, container, results);
    } else if (data.kind === "timeline") {
      renderFrise(container, results);
    } else if (data.kind === "dot_voting") {
      renderDots(container, results);
    }
  }

  function renderQueue(root, data) {
    var list = root.querySelector("[data-queue]");
    var template = root.querySelector("template[data-queue-item]");
    if (!list || !template || !data.queue) return;
    var words = list.dataset;
    var items = data.queue.map(function (entry) {
      var item = template.content.firstElementChild.cloneNode(true);
      if (entry.hidden) item.classList.add("is-hidden");
      item.querySelector(".ws-queue-text").textContent = entry.text;
      var meta = [];
      if (entry.who) meta.push(entry.who);
      meta.push(entry.time);
      if (data.kind === "moving_debate") meta.push(words.lRound + " " + entry.round);
      if (entry.hidden) meta.push(words.lHidden);
      item.querySelector(".ws-queue-meta").textContent = meta.join(" · ");
      // A dot vote has nothing to hide (kinds/dot_voting.py): its items have no button.
      if (data.moderated === false) return item;
      item.querySelector('input[name="contribution"]').value = entry.id;
      item.querySelector('input[name="hidden"]').value = entry.hidden ? "0" : "1";
      item.querySelector("[data-label]").textContent = entry.hidden ? words.lShow : words.lHide;
      item.querySelector("[data-label-text]").textContent = " : " + entry.text;
      return item;
    });
    list.replaceChildren.apply(list, items);
    var empty = root.querySelector("[data-queue-empty]");
    if (empty) empty.hidden = data.queue.length > 0;
  }

  // Runs `update` now, or once the focus has left `part` when it is inside: a list rebuilt under
  // the facilitator's finger would lose the button or the menu in use.
  function whenFree(part, update) {
    if (!part) return;
    if (part.contains(document.activeElement)) {
      part.pendingUpdate = update;
      if (!part.waitsForFocus) {
        part.waitsForFocus = true;
        part.addEventListener("focusout", function () {
          window.setTimeout(function () {
            if (part.pendingUpdate && !part.contains(document.activeElement)) {
              var later = part.pendingUpdate;
              part.pendingUpdate = null;
              later();
            }
          }, 0);
        });
      }
      return;
    }
    part.pendingUpdate = null;
    update();
  }

  function apply(root, data) {
    var seen = root.dataset;
    if (
      data.state !== seen.state ||
      (data.results_shown ? "1" : "0") !== seen.shown ||
      String(data.round) !== seen.round
    ) {
      window.location.reload();
      return;
    }
    setText(root, "participants", data.participants);
    setText(root, "contributions", data.contributions);
    if (data.hidden !== undefined) setText(root, "hidden", data.hidden);
    whenFree(root.querySelector("[data-results]"), function () { renderResults(root, data); });
    whenFree(root.querySelector("[data-queue]"), function () { renderQueue(root, data); });
  }

  // Asks `url` again and again with the ETag held, at the pace `pace()` gives (slower while the
  // tab is hidden, and after errors: a laptop asleep, a server restarting), and hands a changed
  // answer to `changed`. An activity deleted, a link replaced (404, 410): the page is loaded
  // again, and says so itself.
  function poll(url, etag, pace, changed) {
    var delay = pace();
    var timer = null;

    function schedule(ms) {
      window.clearTimeout(timer);
      timer = window.setTimeout(tick, ms);
    }

    function tick() {
      var headers = { Accept: "application/json" };
      if (etag) headers["If-None-Match"] = etag;
      fetch(url, { headers: headers, cache: "no-store", credentials: "same-origin" })
        .then(function (response) {
          if (response.status === 304) return null;
          if (response.status === 404 || response.status === 410) {
            window.location.reload();
            throw new Error("gone");
          }
          if (!response.ok) throw new Error("HTTP " + response.status);
          etag = response.headers.get("ETag");
          return response.json();
        })
        .then(function (data) {
          if (data) changed(data);
          delay = pace();
        })
        .catch(function () {
          delay = Math.min(Math.max(delay * 2, pace()), MOST);
        })
        .then(function () {
          schedule(delay);
        });
    }

    document.addEventListener("visibilitychange", function () {
      if (!document.hidden) schedule(0);
    });
    schedule(pace());
  }

  function follow(root) {
    poll(
      root.dataset.live,
      root.dataset.etag || null,
      function () { return document.hidden ? HIDDEN : VISIBLE; },
      function (data) { apply(root, data); }
    );
  }

  // Whether the person has started an answer that a reload would lose: a word typed, a choice
  // ticked, an answer on its way; or is on a form's field or button, which a reload would take
  // from under their finger (or their screen reader's cursor).
  function busy() {
    var focused = document.activeElement;
    if (focused && focused.closest && focused.closest("main form")) return true;
    return Array.prototype.some.call(document.querySelectorAll("form[data-contribute]"), function (form) {
      if (form.dataset.sending) return true;
      return Array.prototype.some.call(form.elements, function (field) {
        if (field.type === "hidden" || field.type === "submit" || field.type === "button") return false;
        if (field.type === "checkbox" || field.type === "radio") return field.checked !== field.defaultChecked;
        if (field.tagName === "SELECT") {
          return Array.prototype.some.call(field.options, function (o) { return o.selected !== o.defaultSelected; });
        }
        return field.value !== field.defaultValue;
      });
    });
  }

  function watch(root) {
    var status = root.querySelector("[data-watch-status]");
    var button = root.querySelector("[data-watch-reload]");
    button.addEventListener("click", function () { window.location.reload(); });
    poll(
      root.dataset.watch,
      root.dataset.etag || null,
      function () { return document.hidden ? WATCH_HIDDEN : WATCH; },
      function () {
        if (!busy()) {
          window.location.reload();
          return;
        }
        status.textContent = root.dataset.lChanged;
        button.hidden = false;
      }
    );
  }

  function contribute(form) {
    var status = form.querySelector("[data-form-status]");
    var button = null; // the button pressed
    var pending = null;
    var wait = 2000;
    var timer = null;
    // Made here, once per answer: sent again after a lost network, it is the same answer.
    form.querySelector('input[name="client_id"]').value = uuid4();

    function say(text) {
      status.textContent = text || "";
    }

    function retry() {
      say(form.dataset.lOffline);
      window.clearTimeout(timer);
      timer = window.setTimeout(send, wait);
      wait = Math.min(wait * 2, MOST);
    }

    function send() {
      form.dataset.sending = "1";
      fetch(window.location.href, {
        method: "POST",
        body: pending,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.json().then(
            function (data) { return { status: response.status, data: data }; },
            function () { return { status: response.status, data: null }; }
          );
        })
        .then(function (answer) {
          if (answer.status >= 500) throw new Error("HTTP " + answer.status);
          if (answer.data && answer.data.ok) {
            // The page as the server now sees it: what was sent, what is left to send.
            window.location.href = window.location.pathname;
            return;
          }
          if (answer.data) {
            // Refused (empty, too long, activity locked…): nothing was stored. The form is sent
            // the plain way, so that the page names each field's problem as it does without
            // this script. submit() fires no submit event: it does not come back here, and
            // sends no button: the one pressed goes as a hidden field.
            say(answer.data.message);
            if (button && button.name) {
              var pressed = document.createElement("input");
              pressed.type = "hidden";
              pressed.name = button.name;
              pressed.value = button.value;
              form.appendChild(pressed);
            }
            form.submit();
            return;
          }
          pending = null;
          delete form.dataset.sending;
          if (button) button.disabled = false;
          say(form.dataset.lFailed);
        })
        .catch(retry);
    }

    window.addEventListener("online", function () {
      if (pending) {
        wait = 2000;
        send();
      }
    });
    form.addEventListener("click", function (event) {
      // Remembered here rather than read from event.submitter, which older phones lack. Enter in
      // a field clicks the form's first button, so that one is remembered too.
      var pressed = event.target.closest("button[type=submit]");
      if (pressed) button = pressed;
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (pending) return; // already on its way
      button = button || form.querySelector("button[type=submit]");
      pending = new FormData(form);
      if (button && button.name) pending.append(button.name, button.value);
      if (button) button.disabled = true;
      say(form.dataset.lSending);
      send();
    });
  }

  document.querySelectorAll("[data-live]").forEach(follow);
  document.querySelectorAll("[data-watch]").forEach(watch);
  document.querySelectorAll("form[data-contribute]").forEach(contribute);
})();
