"""JSON-LD contexts for bovine's loader, so that it never goes online.

bovine expands what it receives with pyld, and pyld loads each remote
`@context` by URL. Here the peer must reach nothing but loopback, so the
security contexts that Agora and bovine name are defined locally: only the
terms these tests exchange (keys and their owners), written for this test.
Any other context URL loads as empty.
"""

SEC = "https://w3id.org/security#"

# The key terms of https://w3id.org/security/v1 that actors carry.
SECURITY_V1 = {
    "id": "@id",
    "type": "@type",
    "sec": SEC,
    "CryptographicKey": "sec:Key",
    "Key": "sec:Key",
    "publicKey": {"@id": "sec:publicKey", "@type": "@id"},
    "publicKeyPem": "sec:publicKeyPem",
    "owner": {"@id": "sec:owner", "@type": "@id"},
}

# What bovine's own default context takes from the DID and Multikey
# vocabularies (its actors may list `assertionMethod` keys).
DID_V1 = {
    "id": "@id",
    "type": "@type",
    "assertionMethod": {"@id": "sec:assertionMethod", "@type": "@id", "@container": "@set"},
    "sec": SEC,
}
MULTIKEY_V1 = {
    "id": "@id",
    "type": "@type",
    "sec": SEC,
    "Multikey": "sec:Multikey",
    "controller": {"@id": "sec:controller", "@type": "@id"},
    "publicKeyMultibase": "sec:publicKeyMultibase",
}

CONTEXTS = {
    "https://w3id.org/security/v1": SECURITY_V1,
    "https://www.w3.org/ns/did/v1": DID_V1,
    "https://w3id.org/security/multikey/v1": MULTIKEY_V1,
}


def offline_document_loader(**_kwargs):
    """Stands in for bovine's `requests_document_loader`: the contexts
    above, and an error (which bovine turns into an empty context) for
    every other URL."""

    def load(url, _options=None):
        if url not in CONTEXTS:
            raise LookupError(f"peer: {url} is not loaded offline")
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": {"@context": CONTEXTS[url]},
        }

    return load
