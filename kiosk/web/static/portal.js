// The portal's only script, and it is optional: with it, "Copy link" buttons copy their field.
"use strict";
document.documentElement.classList.add("has-js");
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) {
    return;
  }
  const field = document.getElementById(button.dataset.copy);
  field.select();
  const copied = () => { button.textContent = button.dataset.done; };
  navigator.clipboard.writeText(field.value).then(copied, () => {
    document.execCommand("copy");
    copied();
  });
});
