// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';

  // CSRF token on htmx requests that are not form submissions.
  document.addEventListener('htmx:configRequest', function (event) {
    var header = document.querySelector('meta[name="csrf-header"]');
    var token = document.querySelector('meta[name="csrf-token"]');
    if (header && token) {
      event.detail.headers[header.content] = token.content;
    }
  });

  // Tabs of a properties dialog: without script every panel shows, one under the other.
  function initTabs(root) {
    root.querySelectorAll('[role="tablist"]').forEach(function (list) {
      if (list.dataset.ready) { return; }
      list.dataset.ready = 'true';
      var tabs = Array.prototype.slice.call(list.querySelectorAll('[role="tab"]'));
      var form = list.closest('form');
      function select(tab, focus) {
        tabs.forEach(function (other) {
          var selected = other === tab;
          other.setAttribute('aria-selected', selected ? 'true' : 'false');
          other.tabIndex = selected ? 0 : -1;
          var panel = document.getElementById(other.getAttribute('aria-controls'));
          if (panel) { panel.hidden = !selected; }
        });
        if (focus) { tab.focus(); }
      }
      tabs.forEach(function (tab, index) {
        tab.addEventListener('click', function () { select(tab, false); });
        tab.addEventListener('keydown', function (event) {
          var next = null;
          if (event.key === 'ArrowRight') { next = tabs[(index + 1) % tabs.length]; }
          if (event.key === 'ArrowLeft') { next = tabs[(index - 1 + tabs.length) % tabs.length]; }
          if (event.key === 'Home') { next = tabs[0]; }
          if (event.key === 'End') { next = tabs[tabs.length - 1]; }
          if (next) { event.preventDefault(); select(next, true); }
        });
      });
      // Mark tabs whose panel has an error and open the first of them.
      var initial = form && form.dataset.initialTab ? document.getElementById('tab-' + form.dataset.initialTab) : null;
      tabs.forEach(function (tab) {
        var panel = document.getElementById(tab.getAttribute('aria-controls'));
        if (panel && panel.querySelector('.error')) { tab.classList.add('has-error'); }
      });
      list.hidden = false;
      list.closest('form').classList.add('tabbed');
      select(initial || tabs[0], false);
    });
  }

  // "Select all" checkboxes of bulk tables.
  function initSelectAll(root) {
    root.querySelectorAll('input[data-select-all]').forEach(function (all) {
      if (all.dataset.ready) { return; }
      all.dataset.ready = 'true';
      all.hidden = false;
      var label = document.querySelector('label[for="' + all.id + '"]');
      if (label) { label.hidden = false; }
      all.addEventListener('change', function () {
        document.querySelectorAll('input[name="' + all.dataset.selectAll + '"]').forEach(function (box) {
          box.checked = all.checked;
        });
      });
    });
  }

  function init(root) {
    initTabs(root);
    initSelectAll(root);
  }

  document.addEventListener('DOMContentLoaded', function () { init(document); });
  document.addEventListener('htmx:load', function (event) { init(event.detail.elt.ownerDocument || document); });
})();
