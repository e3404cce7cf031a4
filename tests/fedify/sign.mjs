// Signs one request with Fedify's signRequest and prints the signed
// request's headers as JSON. Reads from standard input:
//   {"method", "url", "body" (or null), "keyId", "privateKeyPem",
//    "headers": {name: value}, "spec": "rfc9421" (default) or
//    "draft-cavage-http-signatures-12"}
// Run by tests/api/fedify.rs; nothing is sent anywhere from here.
import { signRequest } from "@fedify/fedify";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const der = Buffer.from(
  input.privateKeyPem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, ""),
  "base64",
);
const privateKey = await crypto.subtle.importKey(
  "pkcs8",
  der,
  { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
  true, // Fedify refuses keys that are not extractable
  ["sign"],
);
const request = new Request(input.url, {
  method: input.method,
  headers: input.headers ?? {},
  body: input.body ?? null,
});
const signed = await signRequest(request, privateKey, new URL(input.keyId), {
  spec: input.spec ?? "rfc9421",
});
process.stdout.write(JSON.stringify(Object.fromEntries(signed.headers)));
