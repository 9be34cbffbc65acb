// The treatment form's exercise search: Enter there searches at once instead of submitting
// the form, whose default button logs the treatment (Enter in any other input logs it).
document.addEventListener("keydown", (event) => {
  const input = event.target;
  if (event.key !== "Enter" || !(input instanceof HTMLInputElement)) return;
  if (!input.matches("[data-exercise-search]")) return;
  event.preventDefault();
  input.dispatchEvent(new Event("search", { bubbles: true }));
});
