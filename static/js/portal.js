// Start GOV.UK Frontend's components (error summary focus, radios, header menu).
import { initAll } from "/static/build/govuk-frontend.min.js";

initAll();
