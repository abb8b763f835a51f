/* CKAN's JavaScript words that no catalogue reaches.

   CKAN's confirm dialogs (confirm-action in 2.11, ckan.confirm in 2.12)
   write "Close" as the accessible name of their close button straight into
   their markup, out of the translators' reach: it gets CKAN's own
   translation of "Close" as the dialog opens.

   A CKAN version's JavaScript catalogue leaves out a few of its modules'
   messages (2.11's autocomplete "Searching...": its ckan.pot does not mark
   it as JavaScript). The page carries their translations, made by the
   server's catalogue, in #satudata-js-messages; CKAN's modules ask
   ckan.i18n._ when they show a message, so asking it first is enough. */
(function () {
  "use strict";
  var ckan = window.ckan;
  var holder = document.getElementById("satudata-js-messages");
  if (holder && ckan && ckan.i18n) {
    var messages = JSON.parse(holder.getAttribute("data-messages") || "{}");
    var translate = ckan.i18n._;
    ckan.i18n._ = function (string, values) {
      var own = Object.prototype.hasOwnProperty.call(messages, string);
      return translate.call(this, own ? messages[string] : string, values);
    };
  }
  document.addEventListener("show.bs.modal", function (event) {
    if (!ckan || !ckan.i18n) {
      return;
    }
    event.target.querySelectorAll(".btn-close[aria-label='Close']").forEach(
      function (button) {
        button.setAttribute("aria-label", ckan.i18n._("Close"));
      });
  });
})();
