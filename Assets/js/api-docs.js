// Starts Swagger UI on /api/docs over the contract the page names. Kept in a file: the CSP
// allows no inline script.
const root = document.getElementById("swagger-ui");
if (root && window.SwaggerUIBundle) {
  window.SwaggerUIBundle({
    url: root.dataset.contract,
    domNode: root,
    deepLinking: true,
    // Never send the contract to validator.swagger.io.
    validatorUrl: null,
  });
}
