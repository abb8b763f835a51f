/* CKAN's confirm dialogs (confirm-action in 2.11, ckan.confirm in 2.12)
   write "Close" as the accessible name of their close button straight into
   their markup, out of the translators' reach: it gets CKAN's own
   translation of "Close" as the dialog opens. */
(function () {
  "use strict";
  document.addEventListener("show.bs.modal", function (event) {
    if (!window.ckan || !window.ckan.i18n) {
      return;
    }
    event.target.querySelectorAll(".btn-close[aria-label='Close']").forEach(
      function (button) {
        button.setAttribute("aria-label", window.ckan.i18n._("Close"));
      });
  });
})();
