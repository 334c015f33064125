/* On-site inspection draft: every answer, the finding being typed and every photo are kept
 * in localStorage first and sent to the server (answers through htmx autosave); what could
 * not be sent is retried when the connection returns, so a dropped connection loses nothing.
 * The enterprise acknowledgement pad draws the signature on a canvas. */
(function () {
  "use strict";
  const root = document.querySelector("[data-az-inspection]");
  if (!root) return;
  const id = root.dataset.azInspection;
  const editable = root.dataset.azEditable === "1";
  const KEY = "anzhi-inspection-" + id;
  const net = document.getElementById("az-net");
  const csrf = (function () {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"]; }
    catch (e) { return ""; }
  })();

  function empty() { return { answers: {}, pending: {}, finding: {}, photos: [] }; }
  function load() {
    try { return Object.assign(empty(), JSON.parse(localStorage.getItem(KEY)) || {}); }
    catch (e) { return empty(); }
  }
  let state = load();
  function save() {
    try { localStorage.setItem(KEY, JSON.stringify(state)); }
    catch (e) {  // quota: keep answers, drop the photos' local copies (they stay queued in memory)
      try { localStorage.setItem(KEY, JSON.stringify(Object.assign({}, state, { photos: [] }))); }
      catch (e2) { /* nothing more we can do */ }
    }
  }
  function offline(on) { if (net) net.classList.toggle("d-none", !on); }

  /* ---------- answers ---------- */
  const forms = Array.from(root.querySelectorAll("form.az-item"));
  const byItem = {};
  function read(form) {
    const checked = form.querySelector("input[name=result]:checked");
    return { result: checked ? checked.value : "", note: form.querySelector("[name=note]").value };
  }
  function touched(form) {
    const note = form.querySelector("[name=note]");
    return note.value !== note.defaultValue ||
      Array.from(form.querySelectorAll("input[name=result]")).some(function (r) { return r.checked !== r.defaultChecked; });
  }
  function apply(form, value) {
    form.querySelectorAll("input[name=result]").forEach(function (r) { r.checked = r.value === value.result; });
    form.querySelector("[name=note]").value = value.note || "";
  }
  function countAnswered() {
    const el = document.getElementById("az-answered");
    if (el) el.textContent = forms.filter(function (f) { return read(f).result; }).length;
  }
  forms.forEach(function (form) {
    const item = form.dataset.item;
    byItem[item] = form;
    if (!editable) return;
    if (touched(form)) {  // tapped before this script ran: the tap is the newest answer
      state.answers[item] = read(form);
      state.pending[item] = true;
      save();
      const status = form.querySelector(".az-status");
      if (status) status.textContent = "保存中…";
    } else if (state.pending[item] && state.answers[item]) apply(form, state.answers[item]);
    form.addEventListener("input", function () {
      state.answers[item] = read(form);
      state.pending[item] = true;
      save();
      countAnswered();
      const status = form.querySelector(".az-status");
      if (status) status.textContent = "保存中…";
    });
  });
  countAnswered();

  document.body.addEventListener("htmx:afterRequest", function (ev) {
    const form = ev.detail.elt && ev.detail.elt.closest && ev.detail.elt.closest("form.az-item");
    if (!form) return;
    const item = form.dataset.item;
    const xhr = ev.detail.xhr;
    if (ev.detail.successful) {
      delete state.pending[item];
      save();
      offline(false);
    } else if (!xhr || xhr.status === 0 || xhr.status >= 500) {
      offline(true);
      const status = form.querySelector(".az-status");
      if (status) status.textContent = "未同步（已保存在本机）";
    } else {
      delete state.pending[item];  // refused by the server: show why, do not retry
      save();
      const status = form.querySelector(".az-status");
      if (status) status.innerHTML = xhr.responseText;
    }
  });
  document.body.addEventListener("htmx:sendError", function () { offline(true); });

  function flushAnswers() {
    if (!window.htmx) return;
    Object.keys(state.pending).forEach(function (item) {
      if (byItem[item]) window.htmx.trigger(byItem[item], "az-sync");
    });
  }

  /* ---------- the finding being typed ---------- */
  function findingForm() { return document.getElementById("finding-form"); }
  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "f" + Date.now().toString(36) + Math.random().toString(36).slice(2);
  }
  function restoreFinding() {
    const form = findingForm();
    if (!form || !editable) return;
    const saved = state.finding || {};
    Array.from(form.elements).forEach(function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken" || !(el.name in saved)) return;
      if (el.type === "checkbox") el.checked = !!saved[el.name];
      else if (!el.value || el.name === "client_id") el.value = saved[el.name];
    });
    const cid = form.elements.namedItem("client_id");
    if (cid && !cid.value) { cid.value = uuid(); }
    form.addEventListener("input", function () {
      const data = {};
      Array.from(form.elements).forEach(function (el) {
        if (!el.name || el.name === "csrfmiddlewaretoken") return;
        data[el.name] = el.type === "checkbox" ? el.checked : el.value;
      });
      state.finding = data;
      save();
    });
  }
  document.body.addEventListener("htmx:afterSwap", function (ev) {
    if (ev.detail.target && ev.detail.target.id === "findings-block" || (ev.detail.elt && ev.detail.elt.id === "findings-block")) {
      const xhr = ev.detail.xhr;
      if (xhr && xhr.status === 200) { state.finding = {}; save(); }
      restoreFinding();
    }
  });
  document.body.addEventListener("htmx:responseError", function (ev) {
    if (ev.detail.elt && ev.detail.elt.id === "finding-form") {
      // 400: the server re-rendered the form with the errors; swap it in.
      const block = document.getElementById("findings-block");
      if (block && ev.detail.xhr.status === 400) {
        block.outerHTML = ev.detail.xhr.responseText;
        restoreFinding();
      }
    }
  });
  restoreFinding();

  /* ---------- photos ---------- */
  function shrink(file) {
    return new Promise(function (resolve, reject) {
      const img = new Image();
      img.onload = function () {
        const scale = Math.min(1, 1600 / Math.max(img.width, img.height));
        const canvas = document.createElement("canvas");
        canvas.width = Math.round(img.width * scale);
        canvas.height = Math.round(img.height * scale);
        canvas.getContext("2d").drawImage(img, 0, 0, canvas.width, canvas.height);
        URL.revokeObjectURL(img.src);
        resolve(canvas.toDataURL("image/jpeg", 0.8));
      };
      img.onerror = reject;
      img.src = URL.createObjectURL(file);
    });
  }
  function dataUrlToBlob(url) {
    const bin = atob(url.split(",")[1]);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Blob([bytes], { type: "image/jpeg" });
  }
  function thumb(item, src) {
    const form = byItem[item];
    if (!form) return;
    const img = document.createElement("img");
    img.src = src; img.alt = "现场照片"; img.className = "az-thumb";
    form.querySelector(".az-photos").appendChild(img);
  }
  function upload(photo) {
    const body = new FormData();
    body.append("file", dataUrlToBlob(photo.data), "photo.jpg");
    body.append("client_id", photo.client_id);
    if (photo.item) body.append("item", photo.item);
    return fetch(root.dataset.photoUrl, { method: "POST", body: body, credentials: "same-origin",
                                          headers: { "X-CSRFToken": csrf } })
      .then(function (res) {
        if (res.ok || (res.status >= 400 && res.status < 500)) {
          state.photos = state.photos.filter(function (p) { return p.client_id !== photo.client_id; });
          save();
          offline(false);
        }
        return res;
      })
      .catch(function () { offline(true); });
  }
  root.querySelectorAll("input[data-photo-item]").forEach(function (input) {
    input.addEventListener("change", function () {
      Array.from(input.files || []).forEach(function (file) {
        shrink(file).then(function (data) {
          const photo = { client_id: uuid(), item: input.dataset.photoItem, data: data };
          state.photos.push(photo);
          save();
          thumb(photo.item, data);
          upload(photo);
        });
      });
      input.value = "";
    });
  });
  function flushPhotos() { state.photos.slice().forEach(upload); }
  state.photos.forEach(function (p) { thumb(p.item, p.data); });

  function flush() { flushAnswers(); flushPhotos(); }
  window.addEventListener("online", flush);
  setInterval(function () { if (Object.keys(state.pending).length || state.photos.length) flush(); }, 15000);
  if (editable) window.addEventListener("load", flush);
  if (!editable) { try { localStorage.removeItem(KEY); } catch (e) { /* ignore */ } }

  /* ---------- acknowledgement pad ---------- */
  document.querySelectorAll("form[data-az-sigpad]").forEach(function (form) {
    const canvas = form.querySelector("canvas");
    const ctx = canvas.getContext("2d");
    let drawing = false, drawn = false;
    function size() { canvas.width = canvas.clientWidth; }
    size();
    function pos(ev) { const r = canvas.getBoundingClientRect(); return [ev.clientX - r.left, ev.clientY - r.top]; }
    canvas.addEventListener("pointerdown", function (ev) { drawing = true; drawn = true; ctx.beginPath(); ctx.moveTo.apply(ctx, pos(ev)); canvas.setPointerCapture(ev.pointerId); });
    canvas.addEventListener("pointermove", function (ev) { if (!drawing) return; ctx.lineWidth = 2; ctx.lineTo.apply(ctx, pos(ev)); ctx.stroke(); });
    canvas.addEventListener("pointerup", function () { drawing = false; });
    form.querySelector("[data-az-clear]").addEventListener("click", function () { ctx.clearRect(0, 0, canvas.width, canvas.height); drawn = false; });
    form.addEventListener("submit", function () { form.elements.namedItem("drawing").value = drawn ? canvas.toDataURL("image/png") : ""; });
  });
})();
