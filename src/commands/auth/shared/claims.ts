// The JWT claims moved below the commands (src/auth/) with the nsc store.
export * from "../../../auth/claims.js";
