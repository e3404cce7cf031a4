"""The bovine_herd app of the peer (see server.py, which starts it from
a scratch folder: bovine keeps a JSON-LD cache file in the working
directory)."""

import copy
import logging
import socket

import aiohttp
import bovine.jsonld
from aiohttp.abc import AbstractResolver
from quart import Quart, current_app, request

from bovine_herd import BovineHerd, build_default_background_task_inbox
from bovine_process import handle_outbox_item, process_outbox_item
from bovine_process.types import ProcessingItem
from bovine_store import BovineAdminStore

from contexts import offline_document_loader

# bovine loads remote JSON-LD contexts with requests; here it reads them
# from contexts.py and goes nowhere.
bovine.jsonld.requests_document_loader = offline_document_loader

PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


class TestNames(AbstractResolver):
    """Resolves the test names to their loopback ports, and nothing else."""

    def __init__(self, ports: dict[str, int]):
        self.ports = ports

    async def resolve(self, host, port=0, family=socket.AF_INET):
        if host not in self.ports and host != "127.0.0.1":
            raise OSError(f"peer: no route to {host}")
        return [
            {
                "hostname": host,
                "host": "127.0.0.1",
                "port": self.ports.get(host, port),
                "family": socket.AF_INET,
                "proto": 0,
                "flags": socket.AI_NUMERICHOST,
            }
        ]

    async def close(self):
        pass


def build_app(name: str, ports: dict[str, int], db_url: str) -> Quart:
    app = Quart(__name__)
    received = []
    state = {}

    @app.before_serving
    async def client_session():
        # Registered before BovineHerd's own, which keeps a session it finds.
        connector = aiohttp.TCPConnector(resolver=TestNames(ports), use_dns_cache=False)
        app.config["session"] = aiohttp.ClientSession(connector=connector)

    default_inbox = build_default_background_task_inbox(app)

    async def record(data: dict, actor):
        entry = {
            "type": data.get("type"),
            "id": data.get("id"),
            "actor": data.get("actor"),
            "activity": data,
            "object": None,
        }
        inner = data.get("object")
        try:
            if isinstance(inner, str):
                entry["object"] = await actor.get(inner)
            elif isinstance(inner, dict) and isinstance(inner.get("object"), str):
                entry["object"] = await actor.get(inner["object"])
        except Exception as error:  # recorded for the test to show
            entry["object"] = {"error": str(error)}
        received.append(entry)

    async def record_then_process(item: ProcessingItem, actor):
        """Records what arrived (with its object, fetched as the peer's
        actor when only an id came), and lets bovine process it as always."""
        app.add_background_task(record, copy.deepcopy(item.data), actor)
        await default_inbox(item, actor)

    BovineHerd(app, start_background_task_inbox=record_then_process, db_url=db_url)

    @app.before_serving
    async def register_actor():
        admin = BovineAdminStore(domain=f"http://{name}")
        bovine_name = await admin.register("peer")
        actor = await current_app.config["bovine_store"].actor_for_name(bovine_name)
        state["actor"] = actor

    async def send(activity: dict) -> dict:
        actor = state["actor"]
        activity = {
            "@context": "https://www.w3.org/ns/activitystreams",
            "actor": actor.actor_id,
            **activity,
        }
        item = await handle_outbox_item(ProcessingItem(actor.actor_id, activity), actor)
        await process_outbox_item(item, actor)
        return {"id": item.data.get("id")}

    async def follow(data):
        return await send({"type": "Follow", "object": data["actor"], "to": [data["actor"]]})

    async def reply(data):
        # "followers" addresses the peer's followers, as bovine does.
        followers = state["actor"].actor_object.followers
        to, cc = (
            [followers if url == "followers" else url for url in urls]
            for urls in (data.get("to", []), [PUBLIC, *data.get("cc", [])])
        )
        note = {
            "type": "Note",
            "attributedTo": state["actor"].actor_id,
            "inReplyTo": data["object"],
            "content": data["content"],
            "to": to,
            "cc": cc,
        }
        return await send({"type": "Create", "object": note, "to": to, "cc": cc})

    async def like(data):
        return await send({"type": "Like", "object": data["object"], "to": data.get("to", [])})

    commands = {"follow": follow, "reply": reply, "like": like}

    @app.get("/control/inbox")
    async def control_inbox():
        return received

    @app.post("/control/<command>")
    async def control(command):
        if command not in commands:
            return {"error": "no such command"}, 404
        try:
            return await commands[command](await request.get_json())
        except Exception as error:
            logging.exception("peer: %s", command)
            return {"error": repr(error)}, 502

    app.config["peer_state"] = state
    return app
