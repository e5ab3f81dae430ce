// The nsc store moved below the commands (src/auth/) so that `server generate` can read operators too.
export * from "../../../auth/store.js";
