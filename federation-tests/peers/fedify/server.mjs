// A small Fedify 2 server, as a fediverse peer for Agora's federation
// tests (federation-tests/tests/peers.rs). It runs Fedify's own
// defaults: RSA and Ed25519 keys (Ed25519 published as an
// `assertionMethod` Multikey), RFC 9421 signatures first and draft-cavage
// after a 401 ("double knock"), strict JSON-LD.
//
//   node server.mjs --name fedify.test --host alpha.test=127.0.0.1:4000 ...
//
// It listens on a random port of 127.0.0.1 and prints `READY <port>
// <actor id>` as its first line. `--name` is the host name it serves
// under; each `--host NAME=127.0.0.1:PORT` tells it where a name lives. It
// connects to nothing else: a request to any other host fails. (`--data
// DIR` is accepted and unused: everything stays in memory.)
//
// Control endpoints on the same port (JSON in, JSON out):
//   GET  /control/inbox            every activity its inbox took
//   GET  /control/sent             every request it made: {method, url,
//                                  signature (rfc9421, draft-cavage), status}
//   POST /control/follow  {actor}
//   POST /control/reply   {object, content, to: [...], cc: [...]}
//                                  ("followers" stands for the peer's own)
//   POST /control/like    {object}
// Each sends as the one actor, http://NAME/users/peer, and answers once
// the receiving inbox has answered (no queue).
import http from "node:http";
import net from "node:net";
import { Temporal } from "@js-temporal/polyfill";
import { Agent, buildConnector, setGlobalDispatcher } from "undici";
import {
  createFederation,
  generateCryptoKeyPair,
  MemoryKvStore,
} from "@fedify/fedify";
import {
  Activity,
  Create,
  Endpoints,
  Follow,
  isActor,
  Like,
  Note,
  Person,
  PUBLIC_COLLECTION,
} from "@fedify/vocab";

const args = process.argv.slice(2);
const option = (flag) =>
  args.flatMap((a, i) => (a === flag ? [args[i + 1]] : []));
const name = option("--name")[0] ?? "fedify.test";
const origin = `http://${name}`;
const ports = new Map(
  option("--host").map((entry) => {
    const [host, addr] = entry.split("=");
    const url = new URL(`http://${addr}`);
    if (url.hostname !== "127.0.0.1") throw new Error(`not loopback: ${addr}`);
    return [host, Number(url.port)];
  }),
);

// Every outgoing request (Fedify's and jsonld's, through Node's fetch)
// goes through this connector: the test names map to their loopback
// ports, and anything else is refused, so nothing leaves this machine.
const loopback = buildConnector({});
setGlobalDispatcher(
  new Agent({
    connect(options, callback) {
      const port = ports.get(options.hostname);
      if (port === undefined) {
        if (options.hostname === "127.0.0.1") return loopback(options, callback);
        return callback(new Error(`peer: no route to ${options.hostname}`));
      }
      const socket = net.connect({ host: "127.0.0.1", port });
      socket.once("connect", () => callback(null, socket));
      socket.once("error", (error) => callback(error));
    },
  }),
);

// What Fedify sent, with the signature it chose and the answer: the test
// checks that RFC 9421 (Fedify's first knock) was taken, without falling
// back to draft-cavage.
const sent = [];
const fetchOnLoopback = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const request = input instanceof Request ? input : null;
  const headers = new Headers(init?.headers ?? request?.headers ?? {});
  const response = await fetchOnLoopback(input, init);
  sent.push({
    method: init?.method ?? request?.method ?? "GET",
    url: String(request?.url ?? input),
    signature: headers.has("signature-input")
      ? "rfc9421"
      : headers.has("signature")
        ? "draft-cavage"
        : null,
    status: response.status,
  });
  return response;
};

const keys = [
  await generateCryptoKeyPair("RSASSA-PKCS1-v1_5"),
  await generateCryptoKeyPair("Ed25519"),
];
const received = [];

const federation = createFederation({
  kv: new MemoryKvStore(),
  origin,
  // The test names resolve to 127.0.0.1.
  allowPrivateAddress: true,
});

federation
  .setActorDispatcher("/users/{identifier}", async (ctx, identifier) => {
    if (identifier !== "peer") return null;
    const pairs = await ctx.getActorKeyPairs(identifier);
    return new Person({
      id: ctx.getActorUri(identifier),
      preferredUsername: identifier,
      name: "Fedify peer",
      inbox: ctx.getInboxUri(identifier),
      endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
      followers: ctx.getFollowersUri(identifier),
      publicKey: pairs[0].cryptographicKey,
      assertionMethods: pairs.map((pair) => pair.multikey),
    });
  })
  .setKeyPairsDispatcher((_ctx, identifier) =>
    identifier === "peer" ? keys : [],
  );

federation.setFollowersDispatcher(
  "/users/{identifier}/followers",
  () => ({ items: [] }),
);

// Records every activity, with the object it carries (fetched from its
// origin when only its id came).
federation
  .setInboxListeners("/users/{identifier}/inbox", "/inbox")
  .on(Activity, async (ctx, activity) => {
    const entry = {
      type: activity.constructor.name,
      id: activity.id?.href ?? null,
      actor: activity.actorId?.href ?? null,
      activity: await activity.toJsonLd({ format: "compact" }),
      object: null,
    };
    try {
      const object = await activity.getObject({
        documentLoader: await ctx.getDocumentLoader({ identifier: "peer" }),
      });
      entry.object = object ? await object.toJsonLd({ format: "compact" }) : null;
    } catch (error) {
      entry.object = { error: String(error) };
    }
    received.push(entry);
  })
  .onError((_ctx, error) => console.error("peer: inbox error:", error));

// The object at `url`, as the peer's actor fetches it (signed GET).
async function lookup(ctx, url) {
  const documentLoader = await ctx.getDocumentLoader({ identifier: "peer" });
  const object = await ctx.lookupObject(url, { documentLoader });
  if (object == null) throw new Error(`cannot fetch ${url}`);
  return object;
}

async function actors(ctx, urls) {
  const found = [];
  for (const url of urls) {
    const actor = await lookup(ctx, url);
    if (!isActor(actor)) throw new Error(`${url} is not an actor`);
    found.push(actor);
  }
  return found;
}

const commands = {
  async follow(ctx, { actor }) {
    const [target] = await actors(ctx, [actor]);
    const follow = new Follow({
      id: new URL(`${origin}/activities/${crypto.randomUUID()}`),
      actor: ctx.getActorUri("peer"),
      object: target.id,
    });
    await ctx.sendActivity({ identifier: "peer" }, target, follow);
    return { id: follow.id.href };
  },
  async reply(ctx, { object, content, to = [], cc = [] }) {
    // "followers" addresses the peer's followers, as Fedify apps do; the
    // activity goes to the inboxes of the actors named.
    const followers = ctx.getFollowersUri("peer").href;
    [to, cc] = [to, cc].map((urls) =>
      urls.map((url) => (url === "followers" ? followers : url)),
    );
    const recipients = await actors(
      ctx,
      [...to, ...cc].filter((url) => url !== followers),
    );
    const id = crypto.randomUUID();
    const note = new Note({
      id: new URL(`${origin}/notes/${id}`),
      attribution: ctx.getActorUri("peer"),
      replyTarget: new URL(object),
      content,
      tos: to.map((url) => new URL(url)),
      ccs: [PUBLIC_COLLECTION, ...cc.map((url) => new URL(url))],
      published: Temporal.Now.instant(),
    });
    const create = new Create({
      id: new URL(`${origin}/notes/${id}/activity`),
      actor: ctx.getActorUri("peer"),
      object: note,
      tos: note.toIds,
      ccs: note.ccIds,
    });
    await ctx.sendActivity({ identifier: "peer" }, recipients, create, {
      preferSharedInbox: true,
    });
    return { id: note.id.href };
  },
  async like(ctx, { object, to = [] }) {
    const recipients = await actors(ctx, to);
    const like = new Like({
      id: new URL(`${origin}/activities/${crypto.randomUUID()}`),
      actor: ctx.getActorUri("peer"),
      object: new URL(object),
      tos: to.map((url) => new URL(url)),
    });
    await ctx.sendActivity({ identifier: "peer" }, recipients, like, {
      preferSharedInbox: true,
    });
    return { id: like.id.href };
  },
};

async function control(request) {
  const command = new URL(request.url).pathname.slice("/control/".length);
  if (request.method === "GET" && command === "inbox") {
    return Response.json(received);
  }
  if (request.method === "GET" && command === "sent") {
    return Response.json(sent);
  }
  if (request.method !== "POST" || !(command in commands)) {
    return new Response("no such command\n", { status: 404 });
  }
  const ctx = federation.createContext(new URL(origin), undefined);
  try {
    return Response.json(await commands[command](ctx, await request.json()));
  } catch (error) {
    console.error(`peer: ${command}:`, error);
    return Response.json({ error: String(error) }, { status: 502 });
  }
}

// Node's HTTP server in front of Fedify's fetch-style handler.
const server = http.createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = chunks.length > 0 ? Buffer.concat(chunks) : null;
  const request = new Request(`http://${req.headers.host}${req.url}`, {
    method: req.method,
    headers: Object.entries(req.headers).flatMap(([k, v]) =>
      Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]],
    ),
    body: req.method === "GET" || req.method === "HEAD" ? null : body,
  });
  let response;
  try {
    response = request.url.includes("/control/")
      ? await control(request)
      : await federation.fetch(request, { contextData: undefined });
  } catch (error) {
    console.error("peer:", error);
    response = new Response("internal error\n", { status: 500 });
  }
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
});

server.listen(0, "127.0.0.1", () => {
  // Fedify dereferences its own ids too (e.g. the Follow inside an Accept).
  ports.set(name, server.address().port);
  console.log(`READY ${server.address().port} ${origin}/users/peer`);
});

// The test closes our stdin (or dies): stop then.
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
