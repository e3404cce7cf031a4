"""Checks a request Agora signed with bovine's own SignatureChecker.

Reads one JSON object on stdin:
  {"method", "url", "headers": {name: value}, "body": text or null,
   "agora": "127.0.0.1:PORT"}
The signer's key is fetched from Agora the way a bovine server does it:
the keyId's document (an actor with its publicKey), over HTTP, here on
loopback at "agora" whatever host the keyId names. Prints one JSON line:
{"owner": the verified key owner, or null}.
"""

import asyncio
import json
import sys
import urllib.request
from urllib.parse import urldefrag, urlparse

from bovine.crypto.signature_checker import SignatureChecker
from bovine.crypto.types import CryptographicIdentifier


def main():
    request = json.load(sys.stdin)
    agora = request["agora"]

    async def key_retriever(key_id):
        document_url, _ = urldefrag(key_id)
        parsed = urlparse(document_url)
        fetch = urllib.request.Request(
            f"http://{agora}{parsed.path}",
            headers={"Accept": "application/activity+json", "Host": parsed.netloc},
        )
        with urllib.request.urlopen(fetch, timeout=10) as response:
            document = json.load(response)
        keys = document.get("publicKey")
        keys = keys if isinstance(keys, list) else [keys]
        for key in keys:
            if isinstance(key, dict) and key.get("id") == key_id:
                return CryptographicIdentifier.from_public_key(key)
        return None

    async def body():
        return (request.get("body") or "").encode("utf-8")

    checker = SignatureChecker(key_retriever)
    owner = asyncio.run(
        checker.validate_signature(
            request["method"], request["url"], request["headers"], body
        )
    )
    print(json.dumps({"owner": owner}))


if __name__ == "__main__":
    main()
