/** Composition root: builds the pieces and wires them. (Filled in by the viewer foundation, issue 3.) */
const app = document.getElementById('app');
if (app) app.textContent = 'DICOM Casebook';
