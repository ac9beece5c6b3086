import Medusa from "@medusajs/js-sdk"

// The dashboard is served by the same Medusa server at /app, so "/" reaches the API with the
// operator's existing session cookie: no URL or token to configure per deployment.
export const sdk = new Medusa({
  baseUrl: "/",
  auth: { type: "session" },
})
